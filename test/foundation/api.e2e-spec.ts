import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApp } from '../../apps/api/src/bootstrap';
import request from 'supertest';
import { TEST_ADMIN, testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createUserAndLogin, login } from '../support/http';

let db: TestDatabase;
let app: NestExpressApplication;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { LOGIN_MAX_FAILURES: '3' }));
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('health and documentation', () => {
  it('reports Postgres and Redis up', async () => {
    const response = await http().get('/api/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const json = await http().get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/health', '/api/users', '/api/audit']),
    );
    const ui = await http().get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers an unknown route with the stable error body', async () => {
    const response = await http().get('/api/no-such-route').expect(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: '请求的资源不存在' });
  });
});

describe('login', () => {
  it('logs the administrator created from env in and returns tokens and the user', async () => {
    const body = await login(app);
    expect(body.user).toMatchObject({ username: TEST_ADMIN.username, roles: ['admin'] });
    const me = await http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${body.accessToken}`)
      .expect(200);
    expect(me.body.username).toBe(TEST_ADMIN.username);
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password in Chinese by default and in English on request', async () => {
    const zh = await http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'wrong-password' })
      .expect(401);
    expect(zh.body).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const en = await http()
      .post('/api/auth/login')
      .set('Accept-Language', 'en-US,en;q=0.9,zh;q=0.5')
      .send({ username: 'nobody', password: 'wrong-password' })
      .expect(401);
    expect(en.body).toEqual({
      code: 'AUTH_INVALID_CREDENTIALS',
      message: 'Wrong username or password',
    });
  });

  // Each row: a malformed login request and the fields the 400 must name.
  const badBodies: [string, unknown, string[]][] = [
    ['empty body', {}, ['username', 'password']],
    ['missing password', { username: 'admin' }, ['password']],
    ['number as username', { username: 42, password: 'x' }, ['username']],
    ['array as password', { username: 'admin', password: ['a'] }, ['password']],
    ['object as username', { username: { $ne: null }, password: 'x' }, ['username']],
    ['null fields', { username: null, password: null }, ['username', 'password']],
    ['empty strings', { username: '', password: '' }, ['username', 'password']],
    ['unknown field', { username: 'admin', password: 'x', role: 'admin' }, ['role']],
    [
      'prototype pollution key',
      JSON.parse('{"username":"admin","password":"x","__proto__":{"admin":true}}'),
      ['__proto__'],
    ],
    [
      'constructor key',
      { username: 'admin', password: 'x', constructor: { admin: true } },
      ['constructor'],
    ],
    ['very long username', { username: 'a'.repeat(10_000), password: 'x' }, ['username']],
    ['boolean password', { username: 'admin', password: true }, ['password']],
  ];

  it.each(badBodies)('answers 400 with per-field messages for %s', async (_, body, fields) => {
    const response = await http()
      .post('/api/auth/login')
      .send(body as object)
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.message).toBe('请求内容有误，请检查标出的字段');
    const named = (response.body.details as { field: string; messages: string[] }[]).map(
      (d) => d.field,
    );
    expect(named.sort()).toEqual([...fields].sort());
    for (const detail of response.body.details) expect(detail.messages.length).toBeGreaterThan(0);
  });

  it('words field messages per locale', async () => {
    const zh = await http().post('/api/auth/login').send({ username: 'admin' }).expect(400);
    expect(zh.body.details).toEqual([
      {
        field: 'password',
        messages: expect.arrayContaining(['password 必须是字符串', 'password 不能为空']),
      },
    ]);
    const en = await http()
      .post('/api/auth/login')
      .set('Accept-Language', 'en')
      .send({ username: 'admin', password: 'x', extra: 1 })
      .expect(400);
    expect(en.body.details).toEqual([{ field: 'extra', messages: ['field extra is not allowed'] }]);
  });

  const badRaw: [string, string, string, number, string][] = [
    ['truncated JSON', 'application/json', '{"username":', 400, 'MALFORMED_JSON'],
    ['JSON array', 'application/json', '[1,2]', 400, 'VALIDATION_FAILED'],
    ['JSON string', 'application/json', '"admin"', 400, 'MALFORMED_JSON'],
    [
      'body too large',
      'application/json',
      JSON.stringify({ username: 'a', password: 'b'.repeat(200_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['text body', 'text/plain', 'username=admin', 400, 'VALIDATION_FAILED'],
  ];

  it.each(badRaw)('never answers 500 for a %s', async (_, type, raw, status, code) => {
    const response = await http().post('/api/auth/login').set('Content-Type', type).send(raw);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('blocks an account and address after repeated failures, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      await http()
        .post('/api/auth/login')
        .send({ username: 'target', password: `guess-${i}` })
        .expect(401);
    }
    const blocked = await http()
      .post('/api/auth/login')
      .send({ username: 'target', password: 'guess-4' })
      .expect(429);
    expect(blocked.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  it('rotates refresh tokens and revokes the family when an old one is replayed', async () => {
    const first = await login(app);
    const second = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    // The replay revoked the newer token too.
    const after = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
    expect(after.body.code).toBe('AUTH_INVALID_REFRESH_TOKEN');
  });

  it('refuses requests without a valid access token', async () => {
    await http().get('/api/auth/me').expect(401);
    const forged = await http()
      .get('/api/auth/me')
      .set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x')
      .expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('roles', () => {
  it('lets an administrator create users and refuses everyone else', async () => {
    const admin = await login(app);
    const examiner = await createUserAndLogin(app, admin.accessToken, 'examiner01', ['examiner']);
    expect(examiner.user.roles).toEqual(['examiner']);
    const denied = await http()
      .post('/api/users')
      .set('Authorization', `Bearer ${examiner.accessToken}`)
      .send({ username: 'sneaky', displayName: 'x', password: 'long-enough-1', roles: ['admin'] })
      .expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    await http()
      .get('/api/audit')
      .set('Authorization', `Bearer ${examiner.accessToken}`)
      .expect(403);
  });

  it.each(['offset=1e99', 'offset=-1', 'limit=0', 'limit=abc', 'limit=201', 'extra=1'])(
    'answers 400, not 500, to a list query with %s',
    async (query) => {
      const admin = await login(app);
      const response = await http()
        .get(`/api/users?${query}`)
        .set('Authorization', `Bearer ${admin.accessToken}`)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    },
  );

  it('refuses a duplicate username with 409 and an unknown role with 400', async () => {
    const admin = await login(app);
    const create = (body: object) =>
      http().post('/api/users').set('Authorization', `Bearer ${admin.accessToken}`).send(body);
    await create({
      username: 'Dup.User',
      displayName: 'A',
      password: 'long-enough-1',
      roles: [],
    }).expect(201);
    const dup = await create({
      username: 'dup.user',
      displayName: 'B',
      password: 'long-enough-1',
      roles: [],
    }).expect(409);
    expect(dup.body.code).toBe('USERNAME_TAKEN');
    const bad = await create({
      username: 'x1y2z3',
      displayName: 'C',
      password: 'long-enough-1',
      roles: ['king'],
    }).expect(400);
    expect(bad.body.details[0].field).toBe('roles');
  });
});

describe('audit trail', () => {
  it('records logins, failures and user changes in a chain that verifies', async () => {
    const admin = await login(app);
    const entries = await http()
      .get('/api/audit?limit=500')
      .set('Authorization', `Bearer ${admin.accessToken}`)
      .expect(200);
    const actions = new Set((entries.body as { action: string }[]).map((e) => e.action));
    for (const action of [
      'auth.login',
      'auth.login_failed',
      'auth.login_blocked',
      'user.create',
      'auth.refresh_reuse',
    ]) {
      expect(actions).toContain(action);
    }
    const verification = await http()
      .get('/api/audit/verify')
      .set('Authorization', `Bearer ${admin.accessToken}`)
      .expect(200);
    expect(verification.body).toMatchObject({ broken: null });
    expect(verification.body.entries).toBe(entries.body.length);
  });

  it('is append-only in the database itself', async () => {
    await expect(db.query("UPDATE audit_log SET details = '{}'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('never stores a password or token in audit details', async () => {
    const rows = await db.query<{ details: unknown }>('SELECT details FROM audit_log');
    const text = JSON.stringify(rows);
    expect(text).not.toContain(TEST_ADMIN.password);
    expect(text).not.toMatch(/refreshToken|accessToken/);
  });
});
