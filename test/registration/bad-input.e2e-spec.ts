import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { auth, idNumber, registerCandidate, TINY_PNG } from './fixtures';

// Hundreds of requests per test on a shared 2-core machine.
jest.setTimeout(120_000);

// Every endpoint of the registration issue, fed malformed input of every kind:
// none may answer 500, and each failure carries the stable {code, message} body.

let db: TestDatabase;
let app: NestExpressApplication;
let storageDir: string;
const http = () => request(app.getHttpServer());
const tokens: Record<'hr' | 'candidate' | 'admin', string> = { hr: '', candidate: '', admin: '' };
const ids = { campaign: '', category: '', post: '', application: '', document: '', education: '' };

type Who = keyof typeof tokens | 'public';
interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  who: Who;
  /** A well-formed body the mutations start from. */
  body?: Record<string, unknown>;
  /** A well-formed query the mutations start from. */
  query?: Record<string, string>;
}

const NOT_UUIDS = [
  'not-a-uuid',
  '123',
  '%00',
  "'; DROP TABLE users;--",
  'x'.repeat(300),
  '00000000-0000-0000-0000-00000000000g',
];
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
];
const WRONG_QUERY_VALUES = [
  '',
  'abc',
  '-1',
  '1e99',
  '99999999999999999999',
  'NaN',
  '[object Object]',
  'x'.repeat(2000),
];

function endpoints(): Endpoint[] {
  const c = ids.campaign;
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const evenLater = new Date(Date.now() + 2 * 86_400_000).toISOString();
  return [
    {
      method: 'post',
      path: '/api/registration',
      who: 'public',
      body: { account: 'bad-input@example.com', password: 'long-enough-pass' },
    },
    { method: 'get', path: '/api/reference/universities', who: 'candidate', query: { q: '大学' } },
    { method: 'get', path: '/api/reference/disciplines', who: 'candidate' },
    {
      method: 'post',
      path: '/api/reference/universities/import',
      who: 'admin',
      body: { csv: 'name_zh\n甲大学\n' },
    },
    { method: 'get', path: '/api/campaigns', who: 'candidate' },
    {
      method: 'post',
      path: '/api/campaigns',
      who: 'hr',
      body: {
        name: '测试',
        registrationOpensAt: later,
        registrationClosesAt: evenLater,
        eligibilityRule: { anyOf: [{ degree: 'phd' }] },
      },
    },
    { method: 'get', path: `/api/campaigns/${c}`, who: 'candidate' },
    {
      method: 'patch',
      path: `/api/campaigns/${c}`,
      who: 'hr',
      body: { name: '改名', eligibilityRule: { anyOf: [{ degree: 'phd' }] } },
    },
    {
      method: 'post',
      path: `/api/campaigns/${c}/categories`,
      who: 'hr',
      body: { code: '03', sortOrder: 3 },
    },
    {
      method: 'patch',
      path: `/api/campaigns/${c}/categories/${ids.category}`,
      who: 'hr',
      body: { nameZh: '工学', nameEn: 'Engineering', sortOrder: 8 },
    },
    { method: 'delete', path: `/api/campaigns/${c}/categories/${ids.category}`, who: 'hr' },
    {
      method: 'get',
      path: `/api/campaigns/${c}/posts`,
      who: 'candidate',
      query: { categoryId: ids.category, limit: '10', offset: '0' },
    },
    {
      method: 'post',
      path: `/api/campaigns/${c}/posts`,
      who: 'hr',
      body: {
        categoryId: ids.category,
        code: 'BAD-1',
        title: 't',
        quota: 1,
        degreeLevels: ['phd'],
        disciplines: ['08'],
        requirements: '',
      },
    },
    {
      method: 'patch',
      path: `/api/campaigns/${c}/posts/${ids.post}`,
      who: 'hr',
      body: { quota: 2, degreeLevels: ['phd'], disciplines: ['0812'] },
    },
    { method: 'delete', path: `/api/campaigns/${c}/posts/${ids.post}`, who: 'hr' },
    { method: 'get', path: '/api/profile', who: 'candidate' },
    {
      method: 'put',
      path: '/api/profile',
      who: 'candidate',
      body: {
        fullName: '张三',
        idNumber: idNumber('19900101', '011'),
        phone: '13700137000',
        email: 'a@b.cn',
      },
    },
    { method: 'get', path: '/api/profile/education', who: 'candidate' },
    {
      method: 'post',
      path: '/api/profile/education',
      who: 'candidate',
      body: {
        degree: 'master',
        universityName: '山东大学',
        disciplineCode: '0812',
        major: 'x',
        graduationDate: '2024-06-30',
      },
    },
    { method: 'delete', path: `/api/profile/education/${ids.education}`, who: 'candidate' },
    { method: 'get', path: '/api/documents', who: 'candidate' },
    { method: 'get', path: `/api/documents/${ids.document}/content`, who: 'candidate' },
    { method: 'delete', path: `/api/documents/${ids.document}`, who: 'candidate' },
    { method: 'post', path: '/api/applications', who: 'candidate', body: { postId: ids.post } },
    { method: 'get', path: '/api/applications', who: 'candidate' },
    { method: 'get', path: `/api/applications/${ids.application}`, who: 'candidate' },
    {
      method: 'post',
      path: `/api/applications/${ids.application}/withdraw`,
      who: 'candidate',
      body: { reason: 'r' },
    },
    {
      method: 'get',
      path: '/api/review/applications',
      who: 'hr',
      query: {
        campaignId: c,
        categoryId: ids.category,
        postId: ids.post,
        degree: 'master',
        universityTier: '985',
        status: 'submitted',
        eligible: 'true',
        limit: '10',
        offset: '0',
      },
    },
    {
      method: 'get',
      path: '/api/review/applications/export',
      who: 'hr',
      query: { format: 'csv', campaignId: c, status: 'approved' },
    },
    { method: 'get', path: `/api/review/applications/${ids.application}`, who: 'hr' },
    {
      method: 'post',
      path: `/api/review/applications/${ids.application}/decision`,
      who: 'hr',
      body: { decision: 'reject', reason: '' },
    },
  ];
}

function send(
  endpoint: Endpoint,
  options: { path?: string; rawBody?: string; query?: string; who?: Who },
) {
  const who = options.who ?? endpoint.who;
  let call = http()[endpoint.method](options.path ?? endpoint.path);
  if (who !== 'public') call = call.set(auth(tokens[who]));
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

/** Body variants of one endpoint: each field wrong, missing, extra, prototype keys, wrong shapes. */
function bodyVariants(body: Record<string, unknown>): [string, string][] {
  const variants: [string, string][] = [
    ['an empty object', '{}'],
    ['an array', '[]'],
    ['a bare string', '"text"'],
    ['a number', '42'],
    ['null', 'null'],
    ['malformed JSON', '{"a":'],
    ['an unknown field', JSON.stringify({ ...body, isAdmin: true })],
    ['a __proto__ key', `{"__proto__":{"polluted":true},${JSON.stringify(body).slice(1)}`],
    ['a nested __proto__ key', JSON.stringify(body).replace(/}$/, ',"x":{"__proto__":{"p":1}}}')],
    ['a constructor key', `{"constructor":{"prototype":{"p":1}},${JSON.stringify(body).slice(1)}`],
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
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-storage-'));
  app = await createApiApp(
    testConfig(db.url, {
      SEED_DEMO: 'true',
      DEMO_HR_PASSWORD: 'hr-password-for-tests',
      STORAGE_DIR: storageDir,
      REGISTRATION_MAX_PER_IP: '1000',
    }),
  );
  tokens.admin = (await login(app)).accessToken;
  tokens.hr = (await login(app, 'hr', 'hr-password-for-tests')).accessToken;
  const candidate = await registerCandidate(app, '13600136000');
  tokens.candidate = candidate.token;
  const [campaign] = (await http().get('/api/campaigns').set(auth(tokens.hr))).body;
  ids.campaign = campaign.id;
  const detail = (await http().get(`/api/campaigns/${campaign.id}`).set(auth(tokens.hr))).body;
  ids.category = detail.categories[0].id;
  ids.post = (
    await http().get(`/api/campaigns/${campaign.id}/posts?limit=1`).set(auth(tokens.hr))
  ).body.items[0].id;
  await http()
    .put('/api/profile')
    .set(auth(tokens.candidate))
    .send({ fullName: '王五', idNumber: idNumber('19950303', '019') })
    .expect(200);
  ids.education = (
    await http()
      .post('/api/profile/education')
      .set(auth(tokens.candidate))
      .send({
        degree: 'phd',
        universityName: '山东大学',
        disciplineCode: '0812',
        graduationDate: '2022-06-30',
      })
      .expect(201)
  ).body.id;
  ids.document = (
    await http()
      .post('/api/documents')
      .set(auth(tokens.candidate))
      .field('kind', 'other')
      .attach('file', TINY_PNG, 'a.png')
      .expect(201)
  ).body.id;
  const posts = (await http().get(`/api/campaigns/${campaign.id}/posts`).set(auth(tokens.hr))).body
    .items as {
    id: string;
    degreeLevels: string[];
    disciplines: string[];
  }[];
  const fitting = posts.find((p) => p.disciplines.includes('0812') || p.disciplines.includes('08'));
  ids.application = (
    await http()
      .post('/api/applications')
      .set(auth(tokens.candidate))
      .send({ postId: fitting?.id })
      .expect(201)
  ).body.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

describe('no malformed request yields a 500', () => {
  it('covers every endpoint of the issue in the table', () => {
    expect(endpoints()).toHaveLength(31);
  });

  it('bodies: wrong types, missing and unknown fields, huge strings, prototype keys, bad JSON', async () => {
    let checked = 0;
    for (const endpoint of endpoints().filter((e) => e.body)) {
      for (const [name, raw] of bodyVariants(endpoint.body ?? {})) {
        const response = await send(endpoint, { rawBody: raw });
        expectHandled(response, `${endpoint.method.toUpperCase()} ${endpoint.path} with ${name}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('prototype keys are refused with 400 naming the key, and pollute nothing', async () => {
    const response = await http()
      .post('/api/applications')
      .set(auth(tokens.candidate))
      .set('Content-Type', 'application/json')
      .send(`{"__proto__":{"postId":"${ids.post}"}}`)
      .expect(400);
    expect(response.body.details[0].field).toBe('__proto__');
    expect(({} as Record<string, unknown>).postId).toBeUndefined();
  });

  it('path parameters: malformed UUIDs are 400, unknown ones 404', async () => {
    for (const endpoint of endpoints().filter((e) => /[0-9a-f-]{36}/.test(e.path))) {
      for (const bad of NOT_UUIDS) {
        const badPath = endpoint.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, encodeURIComponent(bad));
        const response = await send(endpoint, {
          path: badPath,
          rawBody: endpoint.body ? JSON.stringify(endpoint.body) : undefined,
        });
        expectHandled(response, `${endpoint.method.toUpperCase()} ${badPath}`);
        expect([400, 404]).toContain(response.status);
      }
      const unknown = endpoint.path.replace(
        /[0-9a-f]{8}-[0-9a-f-]{27}$/,
        '00000000-0000-4000-8000-000000000000',
      );
      if (unknown !== endpoint.path) {
        const response = await send(endpoint, {
          path: unknown,
          rawBody: endpoint.body ? JSON.stringify(endpoint.body) : undefined,
        });
        expectHandled(response, `${endpoint.method.toUpperCase()} ${unknown}`);
      }
    }
  });

  it('query parameters: wrong values, repeated keys, unknown keys', async () => {
    for (const endpoint of endpoints().filter((e) => e.method === 'get')) {
      const base = endpoint.query ?? {};
      const keys = [...Object.keys(base), 'limit', 'offset'];
      const variants: string[] = [
        new URLSearchParams({ ...base, unknown: '1' }).toString(),
        'limit=1&limit=2',
        'a[b]=1&a[c]=2',
        '__proto__[x]=1',
      ];
      for (const key of keys)
        for (const value of WRONG_QUERY_VALUES)
          variants.push(new URLSearchParams({ ...base, [key]: value }).toString());
      for (const query of variants) {
        const response = await send(endpoint, { query });
        expectHandled(response, `GET ${endpoint.path}?${query}`);
      }
    }
  });

  it('every endpoint answers 401 without a token and 403 to the wrong role, never 500', async () => {
    for (const endpoint of endpoints().filter((e) => e.who !== 'public')) {
      const anonymous = await send(endpoint, {
        who: 'public',
        rawBody: endpoint.body ? JSON.stringify(endpoint.body) : undefined,
      });
      expect(anonymous.status).toBe(401);
    }
    await http().get('/api/review/applications').set(auth(tokens.candidate)).expect(403);
    await http().post('/api/campaigns').set(auth(tokens.candidate)).send({}).expect(403);
    await http().put('/api/profile').set(auth(tokens.hr)).send({}).expect(403);
    await http()
      .post('/api/reference/universities/import')
      .set(auth(tokens.hr))
      .send({ csv: 'x' })
      .expect(403);
  });

  it('uploads: no file, wrong field, two files, bad kind, JSON instead of multipart, broken multipart', async () => {
    const upload = () => http().post('/api/documents').set(auth(tokens.candidate));
    const cases: [string, () => request.Test][] = [
      ['no file', () => upload().field('kind', 'other')],
      [
        'wrong file field',
        () => upload().field('kind', 'other').attach('document', TINY_PNG, 'a.png'),
      ],
      [
        'two files',
        () =>
          upload()
            .field('kind', 'other')
            .attach('file', TINY_PNG, 'a.png')
            .attach('file', TINY_PNG, 'b.png'),
      ],
      ['unknown kind', () => upload().field('kind', 'passport').attach('file', TINY_PNG, 'a.png')],
      ['missing kind', () => upload().attach('file', TINY_PNG, 'a.png')],
      [
        'extra field',
        () =>
          upload().field('kind', 'other').field('userId', 'x').attach('file', TINY_PNG, 'a.png'),
      ],
      ['a JSON body', () => upload().send({ kind: 'other', file: 'AAAA' })],
      [
        'an empty file',
        () => upload().field('kind', 'other').attach('file', Buffer.alloc(0), 'a.png'),
      ],
      [
        'a broken multipart body',
        () =>
          upload()
            .set('Content-Type', 'multipart/form-data; boundary=XYZ')
            .send(
              '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
            ),
      ],
      [
        'multipart without a boundary',
        () => upload().set('Content-Type', 'multipart/form-data').send('garbage'),
      ],
    ];
    for (const [name, make] of cases) {
      const response = await make();
      expectHandled(response, `upload with ${name}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('the state survived: the application is still there and unchanged by the mutations', async () => {
    const mine = await http()
      .get(`/api/applications/${ids.application}`)
      .set(auth(tokens.candidate))
      .expect(200);
    expect(['submitted', 'withdrawn']).toContain(mine.body.status);
  });
});

describe('registration rate limit', () => {
  it('refuses the address after the configured number of registrations, with Retry-After', async () => {
    const limitedDb = await createTestDatabase();
    const limited = await createApiApp(testConfig(limitedDb.url, { REGISTRATION_MAX_PER_IP: '2' }));
    try {
      const register = (account: string) =>
        request(limited.getHttpServer())
          .post('/api/registration')
          .send({ account, password: 'long-enough-pass' });
      await register('13500135001').expect(201);
      await register('13500135001').expect(409);
      const blocked = await register('13500135003').expect(429);
      expect(blocked.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
      await limitedDb.drop();
    }
  }, 60_000);
});
