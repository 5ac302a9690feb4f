import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createUserAndLogin, login } from '../support/http';

const root = path.resolve(__dirname, '../..');
let db: TestDatabase;
let app: NestExpressApplication;

function verifyAudit() {
  const run = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'tools/verify-audit.ts'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  const admin = await login(app);
  await createUserAndLogin(app, admin.accessToken, 'hr01', ['hr']);
  await createUserAndLogin(app, admin.accessToken, 'examiner01', ['examiner']);
  await app.close();
});

afterAll(async () => {
  await db?.drop();
});

describe('npm run verify-audit', () => {
  it('passes on an intact chain and says how many entries it checked', () => {
    const result = verifyAudit();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^audit chain OK: \d+ entries verified/);
  });

  it('fails and names the entry whose details were changed', async () => {
    const entries = await db.query<{ seq: string; action: string }>(
      "SELECT seq::text, action FROM audit_log WHERE action = 'user.create' ORDER BY seq",
    );
    const target = entries[1];
    // Tampering needs the append-only trigger out of the way, as an attacker with database access would do.
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await db.query(`UPDATE audit_log SET details = '{"roles":["admin"]}' WHERE seq = $1`, [
      target.seq,
    ]);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');

    const result = verifyAudit();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `audit chain BROKEN at entry #${target.seq} (user.create): its content no longer matches its hash (it was changed after it was written)`,
    );
  });

  it('exits 2 with a reason when the database cannot be reached', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', './scripts/ts-register.js', 'tools/verify-audit.ts'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^verify-audit could not check the chain: .*ECONNREFUSED/);
  });
});
