import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { eventually, freePort } from '../recording/archive-fixtures';
import { testConfig } from '../support/config';
import { login } from '../support/http';
import { createPrivatePostgres, PrivatePostgres } from './private-postgres';

/**
 * Fault: Postgres is stopped under a running api and started again. While it is away every
 * request that needs it fails fast with 503 (never a 500, never a hang); once it is back the
 * same requests succeed without restarting the api. A private cluster is used, never the
 * shared server.
 */
let pg: PrivatePostgres | undefined;
let apiApp: NestExpressApplication | undefined;
let token: string;

beforeAll(async () => {
  pg = await createPrivatePostgres(await freePort());
  await pg.start();
  apiApp = await createApiApp(testConfig(await pg.createDatabase('yunzhao'))); // migrates it
  token = (await login(apiApp)).accessToken;
}, 90_000);

afterAll(async () => {
  await apiApp?.close().catch(() => undefined);
  await pg?.destroy();
});

const health = () => request(apiApp!.getHttpServer()).get('/api/health');
const users = () =>
  request(apiApp!.getHttpServer()).get('/api/users').set('Authorization', `Bearer ${token}`);
const notifications = () =>
  request(apiApp!.getHttpServer())
    .get('/api/notifications')
    .set('Authorization', `Bearer ${token}`);

async function timed<T>(call: () => PromiseLike<T>): Promise<{ response: T; ms: number }> {
  const started = Date.now();
  const response = await call();
  return { response, ms: Date.now() - started };
}

describe('fault: Postgres restarted mid-traffic', () => {
  it('answers 503 fast while Postgres is down and recovers by itself', async () => {
    await health().expect(200);
    await users().expect(200);
    await notifications().expect(200);

    // Traffic in flight while the server shuts down: each request ends, none with a 500.
    const inFlight = Array.from({ length: 10 }, (_, i) => (i % 2 ? users() : notifications()));
    await pg!.stop();
    for (const response of await Promise.all(inFlight))
      expect([200, 503]).toContain(response.status);

    for (const call of [users, notifications, users]) {
      const { response, ms } = await timed(call);
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('5');
      expect(ms).toBeLessThan(5_000);
    }
    const down = await timed(health);
    expect(down.response.status).toBe(503);
    expect(down.response.body).toMatchObject({ status: 'unavailable', db: 'down' });
    expect(down.ms).toBeLessThan(5_000);
    const login = await timed(() =>
      request(apiApp!.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'admin', password: 'admin-password-for-tests' }),
    );
    expect(login.response.status).toBe(503);
    expect(login.ms).toBeLessThan(5_000);

    await pg!.start();
    await eventually(health, (response) => response.status === 200, 15_000);
    await users().expect(200);
    await notifications().expect(200);
    await request(apiApp!.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'admin-password-for-tests' })
      .expect(200);
  }, 90_000);
});
