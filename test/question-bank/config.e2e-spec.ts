import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Starts the api's real entry point with the given environment (it stops at the config check). */
function startApi(env: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'apps/api/src/main.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', JWT_SECRET: 'x'.repeat(40), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: run.status, stderr: run.stderr };
}

describe('QUESTION_BANK_KEY is checked before anything starts', () => {
  it('is required in production', () => {
    const run = startApi({ NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/QUESTION_BANK_KEY is required in production/);
  });

  it.each([
    ['too short', 'abcd'],
    ['not hex nor base64', 'z'.repeat(64)],
    ['31 bytes', 'ab'.repeat(31)],
  ])('refuses a key that is %s', (_, key) => {
    const run = startApi({ QUESTION_BANK_KEY: key, DATABASE_URL: 'not-a-url' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/QUESTION_BANK_KEY must be 32 bytes as 64 hex characters or base64/);
    expect(run.stderr).not.toContain(key);
  });
});
