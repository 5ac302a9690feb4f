import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TEST_ADMIN, testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

// GET /api/audit as the audit page reads it: filters by actor and by action prefix, and the
// name of the person behind each `user:<id>` actor.

interface Entry {
  seq: string;
  actor: string;
  actorUser: { id: string; username: string; displayName: string } | null;
  action: string;
  subject: string;
  occurredAt: string;
  details: Record<string, unknown>;
  chainPos: string | null;
  hash: string | null;
}
interface Person {
  id: string;
  username: string;
  displayName: string;
  token: string;
}

let db: TestDatabase;
let app: NestExpressApplication;
let adminToken: string;
let adminId: string;
const people: Record<'hr' | 'sup' | 'cand', Person> = {} as never;
const http = () => request(app.getHttpServer());

async function list(query: string, token = adminToken): Promise<Entry[]> {
  const response = await http()
    .get(`/api/audit?${query}`)
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  return response.body as Entry[];
}

async function person(username: string, displayName: string, roles: string[]): Promise<Person> {
  const password = `${username}-password-1`;
  await http()
    .post('/api/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, displayName, password, roles })
    .expect(201);
  const session = await login(app, username, password);
  return { id: session.user.id, username, displayName, token: session.accessToken };
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  const admin = await login(app);
  adminToken = admin.accessToken;
  adminId = admin.user.id;
  people.hr = await person('audit_hr', '李人事', ['hr']);
  people.sup = await person('audit_sup', '周监督', ['supervisor']);
  people.cand = await person('audit_cand', '钱考生', ['candidate']);
  // A failed login is written by `anonymous`.
  await http()
    .post('/api/auth/login')
    .send({ username: 'nobody_here', password: 'wrong-password-1' })
    .expect(401);
  await http()
    .patch(`/api/users/${people.hr.id}`)
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ roles: ['hr', 'supervisor'] })
    .expect(200);
  // Actions whose names hold LIKE's wildcards, to show the prefix is taken literally.
  const audit = app.get(AuditService);
  for (const action of ['test.a_b', 'test.aXb', 'test.100%', 'test.100x'])
    await audit.record({ actor: 'system', action, subject: 'test' });
  await audit.flush();
}, 90_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('who did it', () => {
  it('names the user behind each user actor and keeps the raw actor as stored', async () => {
    const entries = await list('limit=500');
    const byActor = (actor: string) => entries.filter((e) => e.actor === actor);

    const hrEntries = byActor(`user:${people.hr.id}`);
    expect(hrEntries.map((e) => e.action)).toContain('auth.login');
    for (const entry of hrEntries)
      expect(entry.actorUser).toEqual({
        id: people.hr.id,
        username: 'audit_hr',
        displayName: '李人事',
      });

    const adminEntries = byActor(`user:${adminId}`);
    expect(adminEntries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.login', 'user.create', 'user.update']),
    );
    for (const entry of adminEntries)
      expect(entry.actorUser).toEqual({
        id: adminId,
        username: TEST_ADMIN.username,
        displayName: '系统管理员',
      });

    // The administrator made at first start is created by the platform; a failed login has no one.
    const system = byActor('system');
    expect(system.map((e) => e.action)).toContain('user.create');
    const anonymous = byActor('anonymous');
    expect(anonymous.map((e) => e.action)).toContain('auth.login_failed');
    for (const entry of [...system, ...anonymous]) expect(entry.actorUser).toBeNull();

    // Every entry of the page carries the same fields as before, plus the name.
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(
        [
          'action',
          'actor',
          'actorUser',
          'chainPos',
          'details',
          'hash',
          'occurredAt',
          'prevHash',
          'seq',
          'subject',
        ].sort(),
      );
      expect(entry.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('looks the names of a whole page up in one query, and none when no user acted', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const spy = jest.spyOn(dataSource, 'query');
    try {
      const entries = await list('limit=500');
      const actors = new Set(entries.map((e) => e.actor).filter((a) => a.startsWith('user:')));
      expect(actors.size).toBeGreaterThanOrEqual(4);
      const userLookups = () =>
        spy.mock.calls.filter(([sql]) => /\bFROM users\b/i.test(String(sql))).length;
      expect(userLookups()).toBe(1);
      spy.mockClear();
      await list('actor=system');
      expect(userLookups()).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('shows the display name a user has today, for their older entries too', async () => {
    await db.query(`UPDATE users SET display_name = '钱小明' WHERE id = $1`, [people.cand.id]);
    const entries = await list(`actor=user:${people.cand.id}`);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.actorUser?.displayName).toBe('钱小明');
  });
});

describe('filters', () => {
  it('actor: only what that one actor did, newest first', async () => {
    const entries = await list(`actor=user:${people.hr.id}`);
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([`user:${people.hr.id}`]));
    const seqs = entries.map((e) => BigInt(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));

    // Each of the supervisor's, the candidate's and the HR officer's entries is in exactly one list.
    const all = await list('limit=500');
    for (const who of [people.hr, people.sup, people.cand]) {
      const own = all.filter((e) => e.actor === `user:${who.id}`).map((e) => e.seq);
      expect((await list(`actor=user:${who.id}&limit=500`)).map((e) => e.seq)).toEqual(own);
    }
    expect((await list('actor=anonymous')).map((e) => e.action)).toEqual(['auth.login_failed']);
  });

  it('actionPrefix: every action that starts with it, and nothing else', async () => {
    const auth = await list('actionPrefix=auth.&limit=500');
    expect(new Set(auth.map((e) => e.action))).toEqual(
      new Set(['auth.login', 'auth.login_failed']),
    );
    const all = await list('limit=500');
    expect(auth.map((e) => e.seq)).toEqual(
      all.filter((e) => e.action.startsWith('auth.')).map((e) => e.seq),
    );
    expect((await list('actionPrefix=user.')).map((e) => e.action).sort()).toEqual([
      'user.create',
      'user.create',
      'user.create',
      'user.create',
      'user.update',
    ]);
    // "score." names no action here, so nothing (not everything).
    expect(await list('actionPrefix=score.')).toEqual([]);
  });

  it('actionPrefix takes _ and % literally', async () => {
    const actions = async (prefix: string) =>
      (await list(`actionPrefix=${encodeURIComponent(prefix)}`)).map((e) => e.action).sort();
    expect(await actions('test.a_')).toEqual(['test.a_b']);
    expect(await actions('test.100%')).toEqual(['test.100%']);
    expect(await actions('%')).toEqual([]);
    expect(await actions('test.')).toEqual(['test.100%', 'test.100x', 'test.aXb', 'test.a_b']);
  });

  it('combines with the other filters and with paging', async () => {
    const admin = `user:${adminId}`;
    expect(
      (await list(`actor=${admin}&actionPrefix=user.`)).map((e) => [e.actor, e.action]).sort(),
    ).toEqual([
      [admin, 'user.create'],
      [admin, 'user.create'],
      [admin, 'user.create'],
      [admin, 'user.update'],
    ]);
    expect(
      (await list(`actor=${admin}&action=user.update&subject=user:${people.hr.id}`)).length,
    ).toBe(1);
    expect(await list(`actor=user:${people.cand.id}&actionPrefix=user.`)).toEqual([]);

    // Page through the administrator's entries two at a time: the pages add up to the whole list.
    const whole = (await list(`actor=${admin}&limit=500`)).map((e) => e.seq);
    expect(whole.length).toBeGreaterThanOrEqual(5);
    const paged: string[] = [];
    let before = '';
    for (;;) {
      const page = await list(`actor=${admin}&limit=2${before && `&beforeSeq=${before}`}`);
      paged.push(...page.map((e) => e.seq));
      if (page.length < 2) break;
      before = page[page.length - 1].seq;
    }
    expect(paged).toEqual(whole);
  });

  it('is for administrators and supervisors only, filters or not', async () => {
    expect((await list(`actor=user:${people.hr.id}`, people.sup.token)).length).toBeGreaterThan(0);
    await http()
      .get(`/api/audit?actor=user:${people.cand.id}`)
      .set('Authorization', `Bearer ${people.cand.token}`)
      .expect(403);
  });
});

describe('bad filters', () => {
  // Each row: a query, the field the 400 names and (part of) its message.
  const rows: [string, string, string][] = [
    ['actor=bob', 'actor', 'actor 必须是 user:<用户 ID>、system 或 anonymous'],
    ['actor=user:123', 'actor', 'actor 必须是 user:<用户 ID>、system 或 anonymous'],
    ['actor=SYSTEM', 'actor', 'actor 必须是 user:<用户 ID>、system 或 anonymous'],
    ['actor=', 'actor', 'actor 必须是 user:<用户 ID>、system 或 anonymous'],
    ['actor=system&actor=anonymous', 'actor', 'actor 必须是字符串'],
    ['actor=%00', 'actor', 'actor 不能包含空字符（U+0000）'],
    ['actionPrefix=', 'actionPrefix', 'actionPrefix 不能为空'],
    [`actionPrefix=${'x'.repeat(101)}`, 'actionPrefix', 'actionPrefix 长度不能超过 100 个字符'],
    ['actionPrefix=auth.%00', 'actionPrefix', 'actionPrefix 不能包含空字符（U+0000）'],
    ['subject=session:%00', 'subject', 'subject 不能包含空字符（U+0000）'],
    ['action=a%0Ab', 'action', 'action 格式不正确'],
    ['actorName=audit_hr', 'actorName', '不允许提交字段 actorName'],
    ['user=audit_hr', 'user', '不允许提交字段 user'],
    ['beforeSeq=abc', 'beforeSeq', 'beforeSeq 格式不正确'],
    ['limit=0', 'limit', 'limit 不能小于 1'],
  ];

  it.each(rows)('GET /api/audit?%s → 400 naming %s', async (query, field, message) => {
    const response = await http()
      .get(`/api/audit?${query}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const details = response.body.details as { field: string; messages: string[] }[];
    expect(details.map((d) => d.field)).toEqual([field]);
    expect(details[0].messages).toContain(message);
  });

  it('words the actor message in English on request', async () => {
    const response = await http()
      .get('/api/audit?actor=bob')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('Accept-Language', 'en')
      .expect(400);
    expect(response.body.details).toEqual([
      { field: 'actor', messages: ['actor must be user:<user id>, system or anonymous'] },
    ]);
  });
});
