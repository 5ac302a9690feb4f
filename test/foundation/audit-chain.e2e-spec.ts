import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, AuditService, verifyAuditChain } from '@yunzhao/audit';
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/database';

// The chain is linked after commit by a single chainer (libs/audit/src/audit-chainer.ts).
// These tests drive the AuditService on its own database, as the api process runs it.

const root = path.resolve(__dirname, '../..');
let db: TestDatabase;
let moduleRef: TestingModule;
let audit: AuditService;
let dataSource: DataSource;

/** Read-only verification, as the CLI's --read-only does (no chaining first). */
const readChain = () => verifyAuditChain((text, values) => db.query(text, values));

function verifyCli(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'tools/verify-audit.ts', ...args],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function unchainedCount(): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL',
  );
  return row.n;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const migrator = await new DataSource(dataSourceOptions(db.url)).initialize();
  await runMigrations(migrator);
  await migrator.destroy();
  moduleRef = await Test.createTestingModule({
    imports: [TypeOrmModule.forRoot(dataSourceOptions(db.url)), AuditModule],
  }).compile();
  await moduleRef.init();
  audit = moduleRef.get(AuditService);
  dataSource = moduleRef.get<DataSource>(getDataSourceToken());
});

afterAll(async () => {
  await moduleRef?.close();
  await db?.drop();
});

describe('audit chain with a chainer after commit', () => {
  it('chains every one of many concurrent audited writes, without being asked, and the chain verifies', async () => {
    const count = 200;
    const writers = 16; // under the pool size, so no write waits long for a connection
    const write = (i: number) =>
      i % 4 === 0
        ? audit.record({ actor: 'system', action: 'load.plain', subject: `n:${i}` })
        : dataSource.transaction((tx) =>
            audit.record(
              { actor: `user:${i}`, action: 'load.tx', subject: `n:${i}`, details: { i } },
              tx,
            ),
          );
    const seqs: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < count) seqs.push((await write(next++)).seq);
      }),
    );
    // The background chainer links them shortly after commit; wait for it, not for a fixed time.
    const deadline = Date.now() + 30_000;
    while ((await unchainedCount()) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await unchainedCount()).toBe(0);

    const rows = await db.query<{ seq: string; chain_pos: string }>(
      'SELECT seq::text, chain_pos::text FROM audit_log ORDER BY audit_log.chain_pos',
    );
    expect(rows.map((r) => Number(r.chain_pos))).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.seq))).toEqual(new Set(seqs));
    const verification = await readChain();
    expect(verification).toMatchObject({ entries: count, broken: null, unchained: 0 });
  });

  it('chains an entry in the order it became visible, even when its seq is lower', async () => {
    const early = dataSource.createQueryRunner();
    const late = dataSource.createQueryRunner();
    await early.connect();
    await late.connect();
    try {
      await early.startTransaction();
      const first = await audit.record(
        { actor: 'system', action: 'order.first_written', subject: 'order' },
        early.manager,
      );
      await late.startTransaction();
      const second = await audit.record(
        { actor: 'system', action: 'order.second_written', subject: 'order' },
        late.manager,
      );
      await late.commitTransaction();
      await audit.flush();
      await early.commitTransaction();
      await audit.flush();
      expect(BigInt(first.seq)).toBeLessThan(BigInt(second.seq));
      const positions = await db.query<{ action: string; chain_pos: string }>(
        `SELECT action, chain_pos::text FROM audit_log WHERE subject = 'order' ORDER BY audit_log.chain_pos`,
      );
      expect(positions.map((p) => p.action)).toEqual([
        'order.second_written',
        'order.first_written',
      ]);
    } finally {
      await early.release();
      await late.release();
    }
    expect((await audit.verify()).broken).toBeNull();
  });

  it('returns the written entry before it is chained, and verify() chains first', async () => {
    const entry = await audit.record({ actor: 'system', action: 'flush.check', subject: 'f' });
    expect(entry.seq).toMatch(/^\d+$/);
    const verification = await audit.verify();
    expect(verification).toMatchObject({ broken: null, unchained: 0 });
    const [row] = await db.query<{ hash: string | null }>(
      'SELECT hash FROM audit_log WHERE seq = $1',
      [entry.seq],
    );
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('with no chainer running', () => {
  let staleSeq: string;

  beforeAll(async () => {
    // Closing the app chains what it wrote and stops its chainer.
    await moduleRef.close();
    expect(await unchainedCount()).toBe(0);
    const [row] = await db.query<{ seq: string }>(
      `INSERT INTO audit_log (actor, action, subject, occurred_at, details)
       VALUES ('system', 'stale.entry', 'stale', now() - interval '1 minute', '{"k":1}')
       RETURNING seq::text`,
    );
    staleSeq = row.seq;
  });

  it('the database refuses any change but filling the chain columns once', async () => {
    await expect(
      db.query(`UPDATE audit_log SET details = '{"k":2}' WHERE seq = $1`, [staleSeq]),
    ).rejects.toThrow(/append-only/);
    // Filling the chain columns while changing the content is refused too.
    await expect(
      db.query(
        `UPDATE audit_log SET chain_pos = 100000, prev_hash = repeat('0', 64), hash = repeat('1', 64),
                actor = 'user:evil' WHERE seq = $1`,
        [staleSeq],
      ),
    ).rejects.toThrow(/append-only/);
    const [chained] = await db.query<{ seq: string }>(
      'SELECT seq::text FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY audit_log.chain_pos DESC LIMIT 1',
    );
    await expect(
      db.query(`UPDATE audit_log SET hash = repeat('2', 64) WHERE seq = $1`, [chained.seq]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query(
        `UPDATE audit_log SET chain_pos = NULL, prev_hash = NULL, hash = NULL WHERE seq = $1`,
        [chained.seq],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = $1', [staleSeq])).rejects.toThrow(
      /append-only/,
    );
  });

  it('reports an entry left unchained for longer than a few seconds', async () => {
    const verification = await readChain();
    expect(verification.broken).toEqual({
      seq: staleSeq,
      action: 'stale.entry',
      reason: 'unchained',
    });
    expect(verification.unchained).toBe(1);

    const readOnly = verifyCli('--read-only');
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr.trim()).toBe(
      `audit chain BROKEN at entry #${staleSeq} (stale.entry): it was written more than 10 s ago and is still not in the chain (no chainer is running, or it was slipped in)`,
    );
  });

  it('npm run verify-audit chains what is pending, then verifies', async () => {
    const result = verifyCli();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^audit chain OK: \d+ entries verified, last hash [0-9a-f]{64} \(1 newly chained\)/,
    );
    expect(await unchainedCount()).toBe(0);
  });

  it('catches an entry re-hashed after tampering, at the entry that follows it in the chain', async () => {
    const [target, next] = await db.query<{ seq: string; action: string }>(
      `SELECT seq::text, action FROM audit_log WHERE subject = 'order' ORDER BY audit_log.chain_pos`,
    );
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    // The attacker changes the actor and recomputes that entry's own hash; the next link breaks.
    const [row] = await db.query<{ prev_hash: string; occurred_at: Date; details: object }>(
      'SELECT prev_hash, occurred_at, details FROM audit_log WHERE seq = $1',
      [target.seq],
    );
    const { auditEntryHash } = await import('@yunzhao/domain');
    const forgedHash = auditEntryHash(row.prev_hash, {
      actor: 'user:evil',
      action: target.action,
      subject: 'order',
      time: new Date(row.occurred_at).toISOString(),
      details: row.details as Record<string, never>,
    });
    await db.query(`UPDATE audit_log SET actor = 'user:evil', hash = $2 WHERE seq = $1`, [
      target.seq,
      forgedHash,
    ]);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');

    const result = verifyCli();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `audit chain BROKEN at entry #${next.seq} (${next.action}): it does not link to the entry before it (an entry was removed, inserted or re-hashed)`,
    );
  });
});
