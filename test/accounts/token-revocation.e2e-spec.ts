import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { eventually } from '../recording/archive-fixtures';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';
import { secondWaitsOnFirst } from '../support/lock-waits';

// An administrator's change to an account takes effect on the tokens it already holds: a
// disabled account, a changed role or a reset password does not wait for the 15-minute access
// token to run out, on this api process or on any other.

let db: TestDatabase;
let app: NestExpressApplication;
let adminToken: string;

const me = (token: string, on = app) =>
  request(on.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
const listUsers = (token: string) =>
  request(app.getHttpServer()).get('/api/users').set('Authorization', `Bearer ${token}`);
const change = (id: string, body: object) =>
  request(app.getHttpServer())
    .patch(`/api/users/${id}`)
    .set('Authorization', `Bearer ${adminToken}`)
    .send(body)
    .expect(200);
const refresh = (refreshToken: string) =>
  request(app.getHttpServer()).post('/api/auth/refresh').send({ refreshToken });

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  adminToken = (await login(app)).accessToken;
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('disabling an account', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await makeUser(app, adminToken, 'to.disable', ['examiner']);
  });

  it('refuses its access token at once and its refresh token for good, even once re-enabled', async () => {
    await me(user.token).expect(200);
    await change(user.id, { disabled: true });
    const refused = await me(user.token).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect((await refresh(user.refreshToken).expect(401)).body.code).toBe(
      'AUTH_INVALID_REFRESH_TOKEN',
    );

    await change(user.id, { disabled: false });
    await me(user.token).expect(401);
    await refresh(user.refreshToken).expect(401);
    // Signing in again works as before.
    const fresh = await login(app, 'to.disable', 'to.disable-password-1');
    await me(fresh.accessToken).expect(200);
  });

  it('is audited with what was revoked', async () => {
    const rows = await db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'user.update' AND subject = $1 ORDER BY seq`,
      [`user:${user.id}`],
    );
    expect(
      rows.map((row) => [row.details.accessTokensRevoked, row.details.refreshTokensRevoked]),
    ).toEqual([
      [true, 1],
      [false, 0],
    ]);
  });
});

describe('changing roles', () => {
  it('ends tokens that carry the old roles; a refresh brings the new ones', async () => {
    const user = await makeUser(app, adminToken, 'role.change', ['hr']);
    await listUsers(user.token).expect(403);

    await change(user.id, { roles: ['hr', 'admin'] });
    await listUsers(user.token).expect(401);
    const promoted = (await refresh(user.refreshToken).expect(200)).body;
    expect(promoted.user.roles).toEqual(['hr', 'admin']);
    await listUsers(promoted.accessToken).expect(200);

    // Taking the role away again takes effect on the token that had it, at once.
    await change(user.id, { roles: ['hr'] });
    await listUsers(promoted.accessToken).expect(401);
    const demoted = (await refresh(promoted.refreshToken).expect(200)).body;
    await listUsers(demoted.accessToken).expect(403);
  });

  it('leaves tokens alone when only the display name changes', async () => {
    const user = await makeUser(app, adminToken, 'rename.only', ['examiner']);
    await change(user.id, { displayName: '新名字' });
    await me(user.token).expect(200);
    await refresh(user.refreshToken).expect(200);
  });
});

describe('resetting a password', () => {
  it('ends the access tokens signed in with the old password and lifts the login lock-out', async () => {
    const user = await makeUser(app, adminToken, 'locked.out', ['examiner']);
    const attempt = (password: string) =>
      request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'locked.out', password });
    for (let i = 0; i < 5; i++) await attempt('a-wrong-password').expect(401);
    await attempt('locked.out-password-1').expect(429);

    await request(app.getHttpServer())
      .post(`/api/users/${user.id}/password`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ password: 'a-new-password-from-admin' })
      .expect(204);
    await me(user.token).expect(401);
    const fresh = (await attempt('a-new-password-from-admin').expect(200)).body;
    await me(fresh.accessToken).expect(200);
  });
});

describe('at the same moment as a sign-in or a renewal', () => {
  const signIn = (username: string) =>
    request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username, password: `${username}-password-1` });

  it('a renewal that meets a role change waits for it, then carries the new roles', async () => {
    const user = await makeUser(app, adminToken, 'race.refresh', ['hr', 'admin']);
    const [demoted, renewed] = await secondWaitsOnFirst(
      db,
      () => change(user.id, { roles: ['hr'] }),
      () => refresh(user.refreshToken),
    );
    expect(demoted.status).toBe(200);
    expect(renewed.status).toBe(200);
    expect(renewed.body.user.roles).toEqual(['hr']);
    await listUsers(renewed.body.accessToken).expect(403);
  });

  it('a sign-in that meets a disable waits for it, then is refused', async () => {
    const user = await makeUser(app, adminToken, 'race.login', ['examiner']);
    const [disabled, signedIn] = await secondWaitsOnFirst(
      db,
      () => change(user.id, { disabled: true }),
      () => signIn(user.username),
    );
    expect(disabled.status).toBe(200);
    expect(signedIn.status).toBe(401);
  });

  it('a disable that meets a sign-in waits for it, then ends the session it opened', async () => {
    const user = await makeUser(app, adminToken, 'race.login2', ['examiner']);
    const [signedIn, disabled] = await secondWaitsOnFirst(
      db,
      () => signIn(user.username),
      () => change(user.id, { disabled: true }),
    );
    expect(signedIn.status).toBe(200);
    expect(disabled.status).toBe(200);
    await me(signedIn.body.accessToken).expect(401);
    await refresh(signedIn.body.refreshToken).expect(401);
  });
});

describe('on other api processes', () => {
  it('refuses a revoked token within seconds, and at once on a process started afterwards', async () => {
    const user = await makeUser(app, adminToken, 'other.process', ['examiner']);
    const other = await createApiApp(testConfig(db.url));
    try {
      await me(user.token, other).expect(200);
      await change(user.id, { disabled: true });
      // Re-read every 5 s: well within the 15 s given here.
      await eventually(
        () => me(user.token, other),
        (response) => response.status === 401,
        15_000,
      );
    } finally {
      await other.close();
    }
    const later = await createApiApp(testConfig(db.url));
    try {
      await me(user.token, later).expect(401);
    } finally {
      await later.close();
    }
  }, 60_000);
});
