import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { api, makeApplication, makeCampaign, makeUser, minutesFromNow, TestUser } from './fixtures';

let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
const users: Record<string, TestUser> = {};
let sessionId: string;
let notificationId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries({
    hrofficer: ['hr'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    exb: ['examiner'],
    sup: ['supervisor'],
    cand: ['candidate'],
  })) {
    users[name] = await makeUser(app, admin.accessToken, name, roles);
  }
  const campaign = await makeCampaign(db, 'bad input');
  const application = await makeApplication(db, campaign, users.cand.id);
  const created = await http
    .post(
      '/sessions',
      {
        campaignId: campaign.campaignId,
        categoryCode: 'ENG',
        title: 'bad input',
        startsAt: minutesFromNow(5),
        endsAt: minutesFromNow(65),
        chiefExaminerId: users.chief.id,
        examinerIds: [users.exa.id, users.exb.id],
        supervisorIds: [users.sup.id],
        applicationIds: [application],
      },
      users.hrofficer.token,
    )
    .expect(201);
  sessionId = created.body.id;
  await db.query(`INSERT INTO notifications (user_id, title, body) VALUES ($1, 't', 'b')`, [
    users.cand.id,
  ]);
  [{ id: notificationId }] = await db.query<{ id: string }>('SELECT id FROM notifications');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

type Method = 'get' | 'post' | 'patch';
interface Case {
  name: string;
  method: Method;
  path: () => string;
  body?: unknown;
  as: string | null;
  expected: number;
}

const uuidish = 'not-a-uuid';
const longText = 'x'.repeat(10_000);

const CASES: Case[] = [
  // POST /sessions
  ...[
    {},
    [],
    'null',
    '{"title":',
    { campaignId: uuidish },
    { campaignId: 42, title: ['x'] },
    { title: longText },
    { startsAt: 'tomorrow', endsAt: 'later' },
    { examinerIds: 'abc' },
    { examinerIds: [1, 2] },
    { supervisorIds: [] },
    { applicationIds: [null] },
    { scoreClerkId: {} },
    { unexpected: true },
    { categoryCode: '../../etc' },
  ].map((body, i) => ({
    name: `create session #${i}`,
    method: 'post' as const,
    path: () => '/sessions',
    body,
    as: 'hrofficer',
    expected: 400,
  })),
  // PATCH /sessions/:id
  ...[{ startsAt: 12 }, { examinerIds: [uuidish] }, { title: '' }, { proctorIds: {} }, '[]'].map(
    (body, i) => ({
      name: `update session #${i}`,
      method: 'patch' as const,
      path: () => `/sessions/${sessionId}`,
      body,
      as: 'hrofficer',
      expected: 400,
    }),
  ),
  {
    name: 'update bad id',
    method: 'patch',
    path: () => `/sessions/${uuidish}`,
    body: {},
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'get bad id',
    method: 'get',
    path: () => `/sessions/${uuidish}`,
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'get unknown id',
    method: 'get',
    path: () => '/sessions/00000000-0000-4000-8000-00000000000f',
    as: 'hrofficer',
    expected: 404,
  },
  {
    name: 'list bad query',
    method: 'get',
    path: () => '/sessions?limit=-1&campaignId=x',
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'list huge limit',
    method: 'get',
    path: () => '/sessions?limit=99999999999999999999',
    as: 'hrofficer',
    expected: 400,
  },
  // order draw
  ...[
    { publicValue: 42 },
    { publicValue: '' },
    { publicValue: longText },
    { secret: 'a'.repeat(64) },
  ].map((body, i) => ({
    name: `order draw #${i}`,
    method: 'post' as const,
    path: () => `/sessions/${sessionId}/order-draw`,
    body,
    as: 'hrofficer',
    expected: 400,
  })),
  {
    name: 'order draw bad id',
    method: 'post',
    path: () => `/sessions/${uuidish}/order-draw`,
    body: {},
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'order record bad id',
    method: 'get',
    path: () => `/sessions/${uuidish}/order-draw`,
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'order draw unknown session',
    method: 'post',
    path: () => '/sessions/00000000-0000-4000-8000-00000000000f/order-draw',
    body: {},
    as: 'hrofficer',
    expected: 404,
  },
  // recusals
  ...[
    {},
    { candidateId: uuidish, reason: 'relative' },
    { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'enemy' },
    { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'other', note: '' },
    { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'relative', note: 5 },
    { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'relative', examinerId: 7 },
  ].map((body, i) => ({
    name: `recusal #${i}`,
    method: 'post' as const,
    path: () => `/sessions/${sessionId}/recusals`,
    body,
    as: 'exa',
    expected: 400,
  })),
  {
    name: 'recusal unknown candidate',
    method: 'post',
    path: () => `/sessions/${sessionId}/recusals`,
    body: { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'relative' },
    as: 'exa',
    expected: 422,
  },
  {
    name: 'recusals bad id',
    method: 'get',
    path: () => `/sessions/${uuidish}/recusals`,
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'recusals unknown session',
    method: 'post',
    path: () => '/sessions/00000000-0000-4000-8000-00000000000f/recusals',
    body: { candidateId: '00000000-0000-4000-8000-000000000000', reason: 'relative' },
    as: 'hrofficer',
    expected: 404,
  },
  // room tokens
  ...[{ device: 'tablet' }, { device: 1 }, { device: null, extra: 1 }, '"main"'].map((body, i) => ({
    name: `room token #${i}`,
    method: 'post' as const,
    path: () => `/sessions/${sessionId}/room-token`,
    body,
    as: 'cand',
    expected: 400,
  })),
  {
    name: 'room token bad id',
    method: 'post',
    path: () => `/sessions/${uuidish}/room-token`,
    body: {},
    as: 'cand',
    expected: 400,
  },
  {
    name: 'room token unauthenticated',
    method: 'post',
    path: () => `/sessions/${sessionId}/room-token`,
    body: {},
    as: null,
    expected: 401,
  },
  {
    name: 'side link bad id',
    method: 'post',
    path: () => `/sessions/${uuidish}/side-camera-link`,
    body: {},
    as: 'cand',
    expected: 400,
  },
  {
    name: 'side link unknown session',
    method: 'post',
    path: () => '/sessions/00000000-0000-4000-8000-00000000000f/side-camera-link',
    body: {},
    as: 'cand',
    expected: 404,
  },
  ...[
    {},
    { code: '' },
    { code: 'short' },
    { code: 'x'.repeat(65) },
    { code: 123 },
    { code: 'a b c d e f g h i j k' },
    '{bad',
    { code: ['a'.repeat(20)] },
  ].map((body, i) => ({
    name: `side-camera redeem #${i}`,
    method: 'post' as const,
    path: () => '/side-camera/redeem',
    body,
    as: null,
    expected: 400,
  })),
  {
    name: 'mock token bad device',
    method: 'post',
    path: () => '/mock-interview/room-token',
    body: { device: 'x' },
    as: 'cand',
    expected: 400,
  },
  // pickers and schedules
  {
    name: 'people bad role',
    method: 'get',
    path: () => '/scheduling/people?role=king',
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'people no role',
    method: 'get',
    path: () => '/scheduling/people',
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'applications bad campaign',
    method: 'get',
    path: () => '/scheduling/applications?campaignId=1',
    as: 'hrofficer',
    expected: 400,
  },
  {
    name: 'my sessions as candidate',
    method: 'get',
    path: () => '/my/sessions',
    as: 'cand',
    expected: 403,
  },
  // notifications
  {
    name: 'inbox bad paging',
    method: 'get',
    path: () => '/notifications?limit=0&offset=-3',
    as: 'cand',
    expected: 400,
  },
  {
    name: 'inbox text paging',
    method: 'get',
    path: () => '/notifications?limit=ten',
    as: 'cand',
    expected: 400,
  },
  {
    name: 'read bad id',
    method: 'post',
    path: () => `/notifications/${uuidish}/read`,
    body: {},
    as: 'cand',
    expected: 400,
  },
  {
    name: 'read unknown id',
    method: 'post',
    path: () => '/notifications/00000000-0000-4000-8000-00000000000f/read',
    body: {},
    as: 'cand',
    expected: 404,
  },
  {
    name: "read someone else's",
    method: 'post',
    path: () => `/notifications/${notificationId}/read`,
    body: {},
    as: 'exa',
    expected: 404,
  },
  {
    name: 'inbox unauthenticated',
    method: 'get',
    path: () => '/notifications',
    as: null,
    expected: 401,
  },
];

describe('bad input to the scheduling, room and notification endpoints', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s → clear 4xx, never 500', async (_, c) => {
    const token = c.as ? users[c.as].token : undefined;
    let response;
    if (c.method === 'get') response = await http.get(c.path(), token);
    else if (c.method === 'post') response = await http.post(c.path(), c.body as object, token);
    else response = await http.patch(c.path(), c.body as object, token);
    expect(response.status).toBe(c.expected);
    expect(typeof response.body.code).toBe('string');
    expect(typeof response.body.message).toBe('string');
  });

  it('names the offending fields of a bad session body', async () => {
    const response = await http
      .post('/sessions', { examinerIds: 'abc', endsAt: 'later' }, users.hrofficer.token)
      .expect(400);
    const fields = (response.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['campaignId', 'examinerIds', 'endsAt', 'supervisorIds']),
    );
  });
});
