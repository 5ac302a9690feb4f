import { AppConfig, loadConfig } from '@yunzhao/config';
import { randomBytes } from 'node:crypto';

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

/**
 * The environment a test process runs an app with: its own database, its own
 * Redis key prefix (so parallel runs never share queues or counters), and
 * port 0 so the OS picks free ports.
 */
export function testEnv(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `yztest:${randomBytes(4).toString('hex')}`,
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    PORT: '0',
    MEDIA_PORT: '0',
    WORKER_PORT: '0',
    // Browser tests serve the built web app: dist/web, or the bundle WEB_DIST names.
    ...(process.env.WEB_DIST ? { WEB_DIST: process.env.WEB_DIST } : {}),
    ...extra,
  };
}

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnv(databaseUrl, extra));
}
