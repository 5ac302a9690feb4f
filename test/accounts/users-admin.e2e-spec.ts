import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TEST_ADMIN, testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';

// What an administrator does with accounts through the api: find them, rename them, set a new
// password (which ends the account's sessions), and never lock the administrators out.

let db: TestDatabase;
let app: NestExpressApplication;
let admin: { id: string; token: string };

interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  createdAt: string;
}

const http = () => request(app.getHttpServer());
const get = (path: string, token = admin.token) =>
  http().get(`/api${path}`).set('Authorization', `Bearer ${token}`);
const patch = (path: string, body: object, token = admin.token) =>
  http().patch(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body);
const post = (path: string, body: object, token = admin.token) =>
  http().post(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body);
const createUser = (username: string, displayName: string, roles: string[]) =>
  post('/users', { username, displayName, password: `${username}-password-1`, roles }).expect(201);

/** The usernames of a list answer, in order. */
const names = (body: UserView[]) => body.map((u) => u.username);
/** The fields a 400 names. */
const fieldsOf = (body: { details: { field: string }[] }) => body.details.map((d) => d.field);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  const session = await login(app);
  admin = { id: session.user.id, token: session.accessToken };
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('finding accounts', () => {
  beforeAll(async () => {
    await createUser('exam.zhang', '张考官', ['examiner']);
    await createUser('chief_li', '李主考', ['chief_examiner', 'examiner']);
    await createUser('hr.wang', '王人事', ['hr']);
    await createUser('clerk.zhao', 'Zhao Clerk', ['score_clerk']);
    // LIKE's wildcards in a display name: a search for them must match them literally.
    await createUser('pct.user', '完成率100%_统计', ['proctor']);
  });

  it('still answers a plain list as an array, oldest first', async () => {
    const response = await get('/users').expect(200);
    expect(Array.isArray(response.body)).toBe(true);
    expect(names(response.body)).toEqual([
      TEST_ADMIN.username,
      'exam.zhang',
      'chief_li',
      'hr.wang',
      'clerk.zhao',
      'pct.user',
    ]);
  });

  it.each([
    ['part of a username, any case', 'q=EXAM', ['exam.zhang']],
    ['part of a display name', 'q=%E4%B8%BB%E8%80%83', ['chief_li']], // 主考
    ['a display name in another case', 'q=zhao%20CLERK', ['clerk.zhao']],
    ['a substring of both fields', 'q=zha', ['exam.zhang', 'clerk.zhao']],
    ['a percent sign literally', 'q=%25', ['pct.user']],
    ['an underscore literally', 'q=_', ['chief_li', 'pct.user']],
    ['surrounding spaces ignored', 'q=%20%20wang%20', ['hr.wang']],
    ['nothing when nothing matches', 'q=nobody', []],
    ['a role', 'role=examiner', ['exam.zhang', 'chief_li']],
    ['a role and text together', 'role=examiner&q=li', ['chief_li']],
    ['the admin role', 'role=admin', [TEST_ADMIN.username]],
    ['an empty search as no filter', 'q=&role=hr', ['hr.wang']],
  ])('filters by %s', async (_, query, expected) => {
    const response = await get(`/users?${query}`).expect(200);
    expect(names(response.body)).toEqual(expected);
  });

  it('pages a filtered list with limit and offset, without gaps or repeats', async () => {
    const all = names((await get('/users?q=.').expect(200)).body);
    expect(all).toEqual(['exam.zhang', 'hr.wang', 'clerk.zhao', 'pct.user']);
    const first = names((await get('/users?q=.&limit=3').expect(200)).body);
    const second = names((await get('/users?q=.&limit=3&offset=3').expect(200)).body);
    expect(first).toEqual(all.slice(0, 3));
    expect(second).toEqual(all.slice(3));
  });

  it.each([
    ['an unknown role', 'role=king', 'role'],
    ['two roles', 'role=hr&role=examiner', 'role'],
    ['a search longer than 64 characters', `q=${'a'.repeat(65)}`, 'q'],
    ['a NUL in the search', 'q=a%00b', 'q'],
    ['a search given twice', 'q=a&q=b', 'q'],
    ['an unknown parameter', 'name=x', 'name'],
  ])('answers 400 naming the field for %s', async (_, query, field) => {
    const response = await get(`/users?${query}`).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toEqual([field]);
  });
});

describe('renaming an account', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await makeUser(app, admin.token, 'rename.me', ['examiner']);
  });

  it('changes the display name alone, which the user then sees as theirs', async () => {
    const response = await patch(`/users/${user.id}`, { displayName: '孙考官（外聘）' }).expect(
      200,
    );
    expect(response.body).toMatchObject({
      id: user.id,
      displayName: '孙考官（外聘）',
      roles: ['examiner'],
      disabled: false,
    });
    const me = await get('/auth/me', user.token).expect(200);
    expect(me.body.displayName).toBe('孙考官（外聘）');
    const listed = (await get('/users?q=rename').expect(200)).body as UserView[];
    expect(listed.map((u) => u.displayName)).toEqual(['孙考官（外聘）']);
  });

  it('audits the change without writing the name into the log', async () => {
    const rows = await db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_log WHERE action = 'user.update' AND subject = $1`,
      [`user:${user.id}`],
    );
    expect(rows).toEqual([
      {
        actor: `user:${admin.id}`,
        details: {
          before: { roles: ['examiner'], disabled: false },
          after: { roles: ['examiner'], disabled: false },
          displayNameChanged: true,
          accessTokensRevoked: false,
          refreshTokensRevoked: 0,
        },
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('孙考官');
  });

  it.each([
    ['an empty display name', { displayName: '' }, ['displayName']],
    ['a display name over 64 characters', { displayName: '名'.repeat(65) }, ['displayName']],
    ['a display name with a line break', { displayName: 'a\nb' }, ['displayName']],
    ['a display name that is not a string', { displayName: 42 }, ['displayName']],
    ['an unknown role', { roles: ['king'] }, ['roles']],
    ['an unknown field', { displayName: 'ok', passwordHash: 'x' }, ['passwordHash']],
    ['the username', { username: 'other.name' }, ['username']],
  ])('refuses %s with 400 and the field named', async (_, body, fields) => {
    const response = await patch(`/users/${user.id}`, body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toEqual(fields);
    for (const detail of response.body.details) expect(detail.messages.length).toBeGreaterThan(0);
  });

  it('words a field message in the caller’s language', async () => {
    const zh = await patch(`/users/${user.id}`, { displayName: '' }).expect(400);
    expect(zh.body.details[0].messages).toContain('displayName 长度不能少于 1 个字符');
    const en = await patch(`/users/${user.id}`, { displayName: '' })
      .set('Accept-Language', 'en')
      .expect(400);
    expect(en.body.details[0].messages).toContain('displayName must be at least 1 characters');
  });

  it('answers 400 for an id that is not a uuid and 404 for an unknown one', async () => {
    await patch('/users/not-a-uuid', { displayName: 'x' }).expect(400);
    const missing = await patch(`/users/${randomUUID()}`, { displayName: 'x' }).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const me = await get('/auth/me', user.token).expect(200);
    expect(me.body.displayName).toBe('孙考官（外聘）');
  });
});

describe('setting a new password', () => {
  const oldPassword = 'reset.me-password-1';
  const newPassword = 'a-new-password-from-admin';
  let user: TestUser;
  let otherSession: { refreshToken: string };

  beforeAll(async () => {
    user = await makeUser(app, admin.token, 'reset.me', ['examiner']);
    // A second device signed in too: both sessions must end.
    otherSession = await login(app, 'reset.me', oldPassword);
  });

  it('answers 204 and the new password signs in while the old one no longer does', async () => {
    const response = await post(`/users/${user.id}/password`, { password: newPassword }).expect(
      204,
    );
    expect(response.text).toBe('');
    const refused = await http()
      .post('/api/auth/login')
      .send({ username: 'reset.me', password: oldPassword })
      .expect(401);
    expect(refused.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const fresh = await login(app, 'reset.me', newPassword);
    expect(fresh.user.id).toBe(user.id);
    // The session signed in with the new password renews as usual.
    await http().post('/api/auth/refresh').send({ refreshToken: fresh.refreshToken }).expect(200);
  });

  it('ends the sessions signed in before: their refresh tokens no longer renew', async () => {
    for (const refreshToken of [user.refreshToken, otherSession.refreshToken]) {
      const response = await http().post('/api/auth/refresh').send({ refreshToken }).expect(401);
      expect(response.body.code).toBe('AUTH_INVALID_REFRESH_TOKEN');
    }
  });

  it('is audited with who did it, and neither password is in the log', async () => {
    const rows = await db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_log WHERE action = 'user.password.reset' AND subject = $1`,
      [`user:${user.id}`],
    );
    expect(rows).toEqual([
      {
        actor: `user:${admin.id}`,
        details: { accessTokensRevoked: true, refreshTokensRevoked: 2 },
      },
    ]);
    const everything = JSON.stringify(await db.query('SELECT details FROM audit_log'));
    expect(everything).not.toContain(newPassword);
    expect(everything).not.toContain(oldPassword);
  });

  it.each([
    ['a password shorter than 10 characters', { password: 'short-9ch' }, 'password'],
    ['no password', {}, 'password'],
    ['a password that is not a string', { password: 1234567890 }, 'password'],
    ['a password over 256 characters', { password: 'p'.repeat(257) }, 'password'],
    ['an unknown field', { password: 'long-enough-1', disabled: true }, 'disabled'],
  ])('refuses %s with 400 and the field named', async (_, body, field) => {
    const response = await post(`/users/${user.id}/password`, body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toEqual([field]);
  });

  it('says in the caller’s language how long the password must be', async () => {
    const zh = await post(`/users/${user.id}/password`, { password: 'short' }).expect(400);
    expect(zh.body.details[0].messages).toEqual(['password 长度不能少于 10 个字符']);
    const en = await post(`/users/${user.id}/password`, { password: 'short' })
      .set('Accept-Language', 'en')
      .expect(400);
    expect(en.body.details[0].messages).toEqual(['password must be at least 10 characters']);
  });

  it('answers 400 for an id that is not a uuid, 404 for an unknown one, 403 to a non-admin', async () => {
    await post('/users/12345/password', { password: 'long-enough-1' }).expect(400);
    const missing = await post(`/users/${randomUUID()}/password`, {
      password: 'long-enough-1',
    }).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const examiner = await login(app, 'reset.me', newPassword);
    const denied = await post(
      `/users/${user.id}/password`,
      { password: 'examiner-chose-this' },
      examiner.accessToken,
    ).expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    // None of these changed the password.
    await login(app, 'reset.me', newPassword);
  });
});

describe('never locking the administrators out', () => {
  // Runs last: its final race may leave the env admin without the admin role.
  const statusOf = async (id: string) =>
    ((await get('/users?role=admin&limit=200').expect(200)).body as UserView[]).find(
      (u) => u.id === id,
    );

  it('refuses the only admin removing their own admin role, in zh-CN and en', async () => {
    const zh = await patch(`/users/${admin.id}`, { roles: ['hr'] }).expect(409);
    expect(zh.body).toEqual({
      code: 'USER_LAST_ADMIN',
      message:
        '这是最后一个启用的系统管理员账号，不能停用或取消其管理员角色；请先为另一个账号授予管理员角色',
    });
    const en = await patch(`/users/${admin.id}`, { roles: [] })
      .set('Accept-Language', 'en')
      .expect(409);
    expect(en.body.code).toBe('USER_LAST_ADMIN');
    expect(en.body.message).toMatch(/last enabled administrator/);
    expect(await statusOf(admin.id)).toMatchObject({ roles: ['admin'], disabled: false });
  });

  it('refuses an admin disabling their own account, even with another admin', async () => {
    const second = await makeUser(app, admin.token, 'second.admin', ['admin']);
    const response = await patch(`/users/${admin.id}`, { disabled: true }).expect(409);
    expect(response.body).toEqual({
      code: 'USER_SELF_DISABLE',
      message: '不能停用自己正在使用的账号，请由另一位系统管理员操作',
    });
    await patch(`/users/${second.id}`, { disabled: true }, second.token).expect(409);
    expect((await statusOf(admin.id))?.disabled).toBe(false);
    expect((await statusOf(second.id))?.disabled).toBe(false);
  });

  it('lets one admin disable or demote another while an enabled admin stays', async () => {
    const third = await makeUser(app, admin.token, 'third.admin', ['admin', 'hr']);
    const second = (await get('/users?q=second.admin').expect(200)).body[0] as UserView;
    await patch(`/users/${second.id}`, { disabled: true }).expect(200);
    await http()
      .post('/api/auth/login')
      .send({ username: 'second.admin', password: 'second.admin-password-1' })
      .expect(401);
    const demoted = await patch(`/users/${third.id}`, { roles: ['hr'] }).expect(200);
    expect(demoted.body.roles).toEqual(['hr']);
    // The env admin is now the only enabled admin (second.admin is disabled).
    await patch(`/users/${admin.id}`, { roles: ['admin', 'hr'] }).expect(200);
    // A role change ends the tokens carrying the old roles, one's own included.
    await patch(`/users/${admin.id}`, { roles: ['hr'] }).expect(401);
    admin.token = (await login(app)).accessToken;
    await patch(`/users/${admin.id}`, { roles: ['hr'] }).expect(409);
    await patch(`/users/${second.id}`, { disabled: false }).expect(200);
    await patch(`/users/${admin.id}`, { roles: ['admin'] }).expect(200);
    admin.token = (await login(app)).accessToken;
  });

  it('lets only one of two admins demoting themselves at the same moment go through', async () => {
    const other = await makeUser(app, admin.token, 'race.admin', ['admin']);
    // second.admin was re-enabled above; disabled again, the env admin and race.admin are the
    // only enabled admins.
    const second = (await get('/users?q=second.admin').expect(200)).body[0] as UserView;
    await patch(`/users/${second.id}`, { disabled: true }).expect(200);
    const [mine, theirs] = await Promise.all([
      patch(`/users/${admin.id}`, { roles: ['hr'] }),
      patch(`/users/${other.id}`, { roles: ['hr'] }, other.token),
    ]);
    expect([mine.status, theirs.status].sort()).toEqual([200, 409]);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE NOT disabled AND 'admin' = ANY(roles)`,
    );
    expect(n).toBe(1);
  });
});
