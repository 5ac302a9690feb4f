import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Starts an app's real entry point with a broken environment. */
function start(app: 'api' | 'media' | 'worker', env: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', `apps/${app}/src/main.ts`],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', JWT_SECRET: 'x'.repeat(40), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: run.status, stderr: run.stderr };
}

describe('configuration is checked before anything starts', () => {
  const cases: [string, 'api' | 'media' | 'worker', Record<string, string>, RegExp][] = [
    [
      'a malformed DATABASE_URL',
      'api',
      { DATABASE_URL: 'not-a-url' },
      /DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [
      'a MySQL DATABASE_URL',
      'worker',
      { DATABASE_URL: 'mysql://root@127.0.0.1/x' },
      /DATABASE_URL must be a URL/,
    ],
    ['a missing JWT_SECRET', 'api', { JWT_SECRET: '' }, /JWT_SECRET is required/],
    [
      'a short JWT_SECRET',
      'media',
      { JWT_SECRET: 'short' },
      /JWT_SECRET must be at least 32 characters/,
    ],
    [
      'a non-numeric PORT',
      'api',
      { PORT: 'eighty' },
      /PORT must be an integer between 0 and 65535/,
    ],
    [
      'a bad REDIS_URL',
      'media',
      { REDIS_URL: 'http://127.0.0.1:6379' },
      /REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\//,
    ],
    [
      'zero media workers',
      'media',
      { MEDIA_WORKERS: '0' },
      /MEDIA_WORKERS must be an integer between 1 and 256/,
    ],
    [
      'an unknown NODE_ENV',
      'worker',
      { NODE_ENV: 'staging' },
      /NODE_ENV must be one of development, production, test/,
    ],
  ];

  it.each(cases)('%s stops the %s with a one-line reason', (_, app, env, reason) => {
    const result = start(app, env);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toMatch(reason);
  });

  it('never echoes the value of a bad variable (it may be a secret)', () => {
    const result = start('api', { DATABASE_URL: 'postgres//user:hunter2@host/db' });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('hunter2');
  });
});
