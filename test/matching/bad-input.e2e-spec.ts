import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, TestUser } from '../support/http';
import { approvedCandidate, auth, demoCampaign, openWindow } from './fixtures';

// Every matching endpoint fed malformed input of every kind: none may answer 500, each failure
// carries the stable {code, message} body, and the data is unchanged afterwards.

jest.setTimeout(240_000);

let db: TestDatabase;
let app: NestExpressApplication;
const http = () => request(app.getHttpServer());
let hrToken: string;
let hire: TestUser;
const ids = { campaign: '', position: '', hire: '', run: '' };

type Who = 'hr' | 'hire';
interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  who: Who;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

const NOT_UUIDS = ['not-a-uuid', '123', '%00', "'; DROP TABLE users;--", 'x'.repeat(300)];
const WRONG_VALUES: [string, unknown][] = [
  ['a number', 12345],
  ['a boolean', true],
  ['null', null],
  ['an array', ['a', 'b']],
  ['an object', { nested: { deeper: 1 } }],
  ['an empty string', ''],
  ['a huge string', 'x'.repeat(20_000)],
  ['a string with control characters', 'a\u0000b\u202e'],
  ['a negative number', -1],
  ['a float', 1.5],
  ['a huge number', 1e308],
  ['an array of junk', [null, 1, 'P', { a: 1 }]],
];
const WRONG_QUERY_VALUES = ['', 'abc', '-1', '1e99', 'NaN', '[object Object]', 'x'.repeat(2000)];

function endpoints(): Endpoint[] {
  const c = `/api/matching/campaigns/${ids.campaign}`;
  return [
    { method: 'get', path: `${c}/settings`, who: 'hr' },
    { method: 'put', path: `${c}/settings`, who: 'hr', body: openWindow(3) },
    { method: 'get', path: `${c}/positions`, who: 'hr' },
    {
      method: 'post',
      path: `${c}/positions`,
      who: 'hr',
      body: {
        code: 'BAD-1',
        unit: 'u',
        title: 't',
        level: 'city',
        disciplines: ['0812'],
        quota: 1,
      },
    },
    {
      method: 'patch',
      path: `${c}/positions/${ids.position}`,
      who: 'hr',
      body: { unit: 'u', title: 't', level: 'county', disciplines: ['0812'], quota: 2 },
    },
    { method: 'delete', path: `${c}/positions/00000000-0000-4000-8000-000000000000`, who: 'hr' },
    { method: 'get', path: `${c}/hires`, who: 'hr' },
    {
      method: 'post',
      path: `${c}/hires`,
      who: 'hr',
      body: { candidateId: hire.id, rank: 1 },
    },
    { method: 'delete', path: `${c}/hires/00000000-0000-4000-8000-000000000000`, who: 'hr' },
    {
      method: 'post',
      path: `${c}/hires/00000000-0000-4000-8000-000000000000/withdraw`,
      who: 'hr',
      body: { reason: '放弃' },
    },
    { method: 'get', path: `${c}/runs`, who: 'hr' },
    { method: 'post', path: `${c}/runs`, who: 'hr', body: { algorithm: 'serial' } },
    { method: 'get', path: `${c}/runs/${ids.run}`, who: 'hr' },
    { method: 'get', path: `${c}/comparison`, who: 'hr', query: { a: ids.run, b: ids.run } },
    {
      method: 'post',
      path: `${c}/runs/${ids.run}/overrides`,
      who: 'hr',
      body: { hireId: ids.hire, positionId: ids.position, reason: '理由' },
    },
    { method: 'post', path: `${c}/runs/00000000-0000-4000-8000-000000000000/publish`, who: 'hr' },
    { method: 'post', path: `${c}/backfill`, who: 'hr' },
    { method: 'get', path: '/api/matching/me', who: 'hire' },
    { method: 'get', path: `/api/matching/me/${ids.campaign}`, who: 'hire' },
    {
      method: 'put',
      path: `/api/matching/me/${ids.campaign}/preferences`,
      who: 'hire',
      body: { positionIds: [ids.position] },
    },
  ];
}

function send(endpoint: Endpoint, options: { path?: string; rawBody?: string; query?: string }) {
  let call = http()[endpoint.method](options.path ?? endpoint.path);
  call = call.set(auth(endpoint.who === 'hr' ? hrToken : hire.token));
  if (options.query !== undefined) call = call.query(options.query);
  if (options.rawBody !== undefined)
    call = call.set('Content-Type', 'application/json').send(options.rawBody);
  return call;
}

function expectHandled(response: request.Response, label: string): void {
  if (response.status >= 500)
    throw new Error(`${label} → ${response.status} ${JSON.stringify(response.body)}`);
  if (response.status >= 400) {
    expect(typeof response.body.code).toBe('string');
    expect(typeof response.body.message).toBe('string');
  }
}

function bodyVariants(body: Record<string, unknown>): [string, string][] {
  const variants: [string, string][] = [
    ['an empty object', '{}'],
    ['an array', '[]'],
    ['a bare string', '"text"'],
    ['null', 'null'],
    ['malformed JSON', '{"a":'],
    ['an unknown field', JSON.stringify({ ...body, isAdmin: true })],
    ['a __proto__ key', `{"__proto__":{"polluted":true},${JSON.stringify(body).slice(1)}`],
    ['a body over the size limit', JSON.stringify({ ...body, padding: 'x'.repeat(200_000) })],
  ];
  for (const field of Object.keys(body)) {
    const rest = { ...body };
    delete rest[field];
    variants.push([`${field} missing`, JSON.stringify(rest)]);
    for (const [name, value] of WRONG_VALUES)
      variants.push([`${field} as ${name}`, JSON.stringify({ ...body, [field]: value })]);
  }
  return variants;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(
    testConfig(db.url, { SEED_DEMO: 'true', DEMO_HR_PASSWORD: 'hr-password-for-tests' }),
  );
  const adminToken = (await login(app)).accessToken;
  hrToken = (await login(app, 'hr', 'hr-password-for-tests')).accessToken;
  const campaign = await demoCampaign(app, hrToken);
  ids.campaign = campaign.campaignId;
  const c = `/api/matching/campaigns/${ids.campaign}`;
  hire = await approvedCandidate(app, db, adminToken, 'bad-input-hire', campaign, '0812');
  ids.position = (
    await http()
      .post(`${c}/positions`)
      .set(auth(hrToken))
      .send({ code: 'P1', unit: 'u', title: 't', level: 'city', disciplines: ['0812'], quota: 1 })
      .expect(201)
  ).body.id;
  ids.hire = (
    await http()
      .post(`${c}/hires`)
      .set(auth(hrToken))
      .send({ candidateId: hire.id, rank: 1 })
      .expect(201)
  ).body.id;
  await http().put(`${c}/settings`).set(auth(hrToken)).send(openWindow(3)).expect(200);
  await http()
    .put(`/api/matching/me/${ids.campaign}/preferences`)
    .set(auth(hire.token))
    .send({ positionIds: [ids.position] })
    .expect(200);
  ids.run = (
    await http().post(`${c}/runs`).set(auth(hrToken)).send({ algorithm: 'optimal' }).expect(201)
  ).body.id;
}, 90_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

it('malformed path ids are refused, never a 500', async () => {
  for (const endpoint of endpoints()) {
    const uuids = endpoint.path.match(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    );
    for (const uuid of uuids ?? []) {
      for (const bad of NOT_UUIDS) {
        const path = endpoint.path.replace(uuid, encodeURIComponent(bad));
        const response = await send(endpoint, {
          path,
          rawBody: endpoint.body ? JSON.stringify(endpoint.body) : undefined,
        });
        expectHandled(response, `${endpoint.method} ${path}`);
        expect(response.status).toBeGreaterThanOrEqual(400);
      }
    }
  }
});

it('malformed bodies are refused field by field, never a 500', async () => {
  for (const endpoint of endpoints().filter((e) => e.body)) {
    for (const [name, raw] of bodyVariants(endpoint.body!)) {
      const response = await send(endpoint, { rawBody: raw });
      expectHandled(response, `${endpoint.method} ${endpoint.path} with ${name}`);
    }
  }
});

it('malformed queries are refused, never a 500', async () => {
  for (const endpoint of endpoints().filter((e) => e.query)) {
    for (const key of Object.keys(endpoint.query!)) {
      for (const value of WRONG_QUERY_VALUES) {
        const query = new URLSearchParams({ ...endpoint.query!, [key]: value }).toString();
        const response = await send(endpoint, { query });
        expectHandled(response, `${endpoint.method} ${endpoint.path}?${query}`);
        expect(response.status).toBe(400);
      }
    }
  }
});

it('specific bad values get the specific answer', async () => {
  const c = `/api/matching/campaigns/${ids.campaign}`;
  const cases: [string, () => request.Test, number, string][] = [
    [
      'close before open',
      () =>
        http().put(`${c}/settings`).set(auth(hrToken)).send({
          preferencesOpenAt: '2026-12-02T00:00:00Z',
          preferencesCloseAt: '2026-12-01T00:00:00Z',
          maxPreferences: 3,
        }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a 0 or 51 preference limit',
      () =>
        http()
          .put(`${c}/settings`)
          .set(auth(hrToken))
          .send({ ...openWindow(3), maxPreferences: 51 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a 2-digit discipline',
      () =>
        http()
          .post(`${c}/positions`)
          .set(auth(hrToken))
          .send({ code: 'X', unit: 'u', title: 't', level: 'city', disciplines: ['08'], quota: 1 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown level',
      () =>
        http()
          .post(`${c}/positions`)
          .set(auth(hrToken))
          .send({
            code: 'X',
            unit: 'u',
            title: 't',
            level: 'province',
            disciplines: ['0812'],
            quota: 1,
          }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown algorithm',
      () => http().post(`${c}/runs`).set(auth(hrToken)).send({ algorithm: 'greedy' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'duplicate preferences',
      () =>
        http()
          .put(`/api/matching/me/${ids.campaign}/preferences`)
          .set(auth(hire.token))
          .send({ positionIds: [ids.position, ids.position] }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a campaign that does not exist',
      () =>
        http()
          .get('/api/matching/campaigns/00000000-0000-4000-8000-000000000000/settings')
          .set(auth(hrToken)),
      404,
      'NOT_FOUND',
    ],
    [
      'an override with a blank reason',
      () =>
        http()
          .post(`${c}/runs/${ids.run}/overrides`)
          .set(auth(hrToken))
          .send({ hireId: ids.hire, positionId: ids.position, reason: '   ' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a hire calling HR endpoints',
      () => http().get(`${c}/runs`).set(auth(hire.token)),
      403,
      'FORBIDDEN',
    ],
    [
      'HR calling the hire endpoints',
      () => http().get('/api/matching/me').set(auth(hrToken)),
      403,
      'FORBIDDEN',
    ],
    ['no token', () => http().get(`${c}/runs`), 401, 'UNAUTHENTICATED'],
  ];
  for (const [name, make, status, code] of cases) {
    const response = await make();
    expectHandled(response, name);
    expect({ name, status: response.status, code: response.body.code }).toEqual({
      name,
      status,
      code,
    });
  }
});

it('the state survived the mutations: the hire and the run are intact', async () => {
  const c = `/api/matching/campaigns/${ids.campaign}`;
  const run = (await http().get(`${c}/runs/${ids.run}`).set(auth(hrToken)).expect(200)).body;
  expect(run.status).toBe('draft');
  const hires = (await http().get(`${c}/hires`).set(auth(hrToken)).expect(200)).body;
  expect(hires.map((h: { id: string }) => h.id)).toContain(ids.hire);
});
