import type { NestExpressApplication } from '@nestjs/platform-express';
import { writeBankXlsx } from '@yunzhao/question-bank';
import { readFileSync } from 'node:fs';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import {
  api,
  EXAMPLE_PATH,
  hoursFromNow,
  makeApplication,
  makeCampaign,
  makeUser,
  TestUser,
} from './fixtures';

/** Every question-bank and question-draw endpoint against malformed input: a clear 4xx, never 500. */
const IMPORT_LIMIT = 64 * 1024;
let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
const u: Record<string, TestUser> = {};
let campaignId: string;
let emptyCampaignId: string;
let sessionId: string;
const unknownId = '00000000-0000-4000-8000-00000000000f';
const bad = 'not-a-uuid';
const long = 'x'.repeat(5000);
const CENTRAL_ENTRY = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

// Several app instances share two cores when the suite runs in parallel.
jest.setTimeout(30_000);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { QUESTION_IMPORT_MAX_BYTES: String(IMPORT_LIMIT) }));
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries({
    qadmin: ['question_admin'],
    hrofficer: ['hr'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    exb: ['examiner'],
    sup: ['supervisor'],
    cand: ['candidate'],
  })) {
    u[name] = await makeUser(app, admin.accessToken, `qbbad_${name}`, roles);
  }
  const campaign = await makeCampaign(db);
  campaignId = campaign.campaignId;
  emptyCampaignId = (await makeCampaign(db)).campaignId;
  const application = await makeApplication(db, campaignId, campaign.posts['08'], u.cand.id);
  const created = await http
    .post(
      '/sessions',
      {
        campaignId,
        categoryCode: '08',
        title: 'bad input',
        startsAt: hoursFromNow(1),
        endsAt: hoursFromNow(2),
        chiefExaminerId: u.chief.id,
        examinerIds: [u.exa.id, u.exb.id],
        supervisorIds: [u.sup.id],
        applicationIds: [application],
      },
      u.hrofficer.token,
    )
    .expect(201);
  sessionId = created.body.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

interface Case {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: () => string;
  body?: object | string;
  as: string | null;
  expected: number;
  code?: string;
}

const CASES: Case[] = [
  // bank
  {
    name: 'bank bad id',
    method: 'get',
    path: () => `/question-bank/campaigns/${bad}`,
    as: 'qadmin',
    expected: 400,
  },
  {
    name: 'bank unknown campaign',
    method: 'get',
    path: () => `/question-bank/campaigns/${unknownId}`,
    as: 'qadmin',
    expected: 404,
  },
  {
    name: 'bank as examiner',
    method: 'get',
    path: () => `/question-bank/campaigns/${campaignId}`,
    as: 'exa',
    expected: 403,
  },
  {
    name: 'bank as candidate',
    method: 'get',
    path: () => `/question-bank/campaigns/${campaignId}`,
    as: 'cand',
    expected: 403,
  },
  {
    name: 'bank unauthenticated',
    method: 'get',
    path: () => `/question-bank/campaigns/${campaignId}`,
    as: null,
    expected: 401,
  },
  {
    name: 'seal bad id',
    method: 'post',
    path: () => `/question-bank/campaigns/${bad}/seal`,
    body: {},
    as: 'qadmin',
    expected: 400,
  },
  {
    name: 'seal unknown campaign',
    method: 'post',
    path: () => `/question-bank/campaigns/${unknownId}/seal`,
    body: {},
    as: 'qadmin',
    expected: 404,
  },
  {
    name: 'seal empty bank',
    method: 'post',
    path: () => `/question-bank/campaigns/${emptyCampaignId}/seal`,
    body: {},
    as: 'qadmin',
    expected: 422,
    code: 'QUESTION_BANK_EMPTY',
  },
  {
    name: 'seal as supervisor',
    method: 'post',
    path: () => `/question-bank/campaigns/${campaignId}/seal`,
    body: {},
    as: 'sup',
    expected: 403,
  },
  ...[
    {},
    { reason: '' },
    { reason: 'ab' },
    { reason: long },
    { reason: 42 },
    { reason: '正当理由四字', force: true },
    '[]',
    '{"reason":',
  ].map((body, i): Case => ({
    name: `unseal #${i}`,
    method: 'post',
    path: () => `/question-bank/campaigns/${campaignId}/unseal`,
    body,
    as: 'qadmin',
    expected: 400,
  })),
  {
    name: 'unseal when not sealed',
    method: 'post',
    path: () => `/question-bank/campaigns/${emptyCampaignId}/unseal`,
    body: { reason: '没有封存过' },
    as: 'qadmin',
    expected: 409,
    code: 'QUESTION_BANK_NOT_SEALED',
  },
  {
    name: 'unseal unknown campaign',
    method: 'post',
    path: () => `/question-bank/campaigns/${unknownId}/unseal`,
    body: { reason: '不存在的活动' },
    as: 'qadmin',
    expected: 404,
  },
  {
    name: 'set bad id',
    method: 'get',
    path: () => `/question-bank/sets/${bad}`,
    as: 'qadmin',
    expected: 400,
  },
  {
    name: 'set unknown',
    method: 'get',
    path: () => `/question-bank/sets/${unknownId}`,
    as: 'qadmin',
    expected: 404,
  },
  {
    name: 'set as hr',
    method: 'get',
    path: () => `/question-bank/sets/${unknownId}`,
    as: 'hrofficer',
    expected: 403,
  },
  {
    name: 'delete set bad id',
    method: 'delete',
    path: () => `/question-bank/sets/${bad}`,
    as: 'qadmin',
    expected: 400,
  },
  {
    name: 'delete set unknown',
    method: 'delete',
    path: () => `/question-bank/sets/${unknownId}`,
    as: 'qadmin',
    expected: 404,
  },
  // per-session draw
  {
    name: 'draw state bad id',
    method: 'get',
    path: () => `/sessions/${bad}/question-draw`,
    as: 'chief',
    expected: 400,
  },
  {
    name: 'draw state unknown',
    method: 'get',
    path: () => `/sessions/${unknownId}/question-draw`,
    as: 'hrofficer',
    expected: 404,
  },
  {
    name: 'draw state as non-participant',
    method: 'get',
    path: () => `/sessions/${sessionId}/question-draw`,
    as: 'qadmin',
    expected: 403,
  },
  ...[
    {},
    { value: '' },
    { value: 'x'.repeat(101) },
    { value: 7391 },
    { value: ['1'] },
    { value: '1', extra: 1 },
    '"7391"',
    '{"value":',
  ].map((body, i): Case => ({
    name: `supervisor value #${i}`,
    method: 'post',
    path: () => `/sessions/${sessionId}/question-draw/supervisor-value`,
    body,
    as: 'sup',
    expected: 400,
  })),
  {
    name: 'supervisor value bad id',
    method: 'post',
    path: () => `/sessions/${bad}/question-draw/supervisor-value`,
    body: { value: '1' },
    as: 'sup',
    expected: 400,
  },
  {
    name: 'supervisor value unknown session',
    method: 'post',
    path: () => `/sessions/${unknownId}/question-draw/supervisor-value`,
    body: { value: '1' },
    as: 'sup',
    expected: 404,
  },
  {
    name: 'draw bad id',
    method: 'post',
    path: () => `/sessions/${bad}/question-draw`,
    body: {},
    as: 'chief',
    expected: 400,
  },
  {
    name: 'draw unknown session',
    method: 'post',
    path: () => `/sessions/${unknownId}/question-draw`,
    body: {},
    as: 'chief',
    expected: 404,
  },
  {
    name: 'draw malformed body',
    method: 'post',
    path: () => `/sessions/${sessionId}/question-draw`,
    body: '{"x":',
    as: 'chief',
    expected: 400,
  },
  {
    name: 'draw unauthenticated',
    method: 'post',
    path: () => `/sessions/${sessionId}/question-draw`,
    body: {},
    as: null,
    expected: 401,
  },
  {
    name: 'questions bad id',
    method: 'get',
    path: () => `/sessions/${bad}/questions`,
    as: 'cand',
    expected: 400,
  },
  {
    name: 'questions unknown session',
    method: 'get',
    path: () => `/sessions/${unknownId}/questions`,
    as: 'cand',
    expected: 404,
  },
  {
    name: 'questions unauthenticated',
    method: 'get',
    path: () => `/sessions/${sessionId}/questions`,
    as: null,
    expected: 401,
  },
  ...[
    { candidateUserId: bad },
    { candidateUserId: 5 },
    { candidateUserId: unknownId, index: 2 },
    '[]',
  ].map((body, i): Case => ({
    name: `next question #${i}`,
    method: 'post',
    path: () => `/sessions/${sessionId}/questions/next`,
    body,
    as: 'chief',
    expected: 400,
  })),
  {
    name: 'next question before the draw',
    method: 'post',
    path: () => `/sessions/${sessionId}/questions/next`,
    body: {},
    as: 'chief',
    expected: 409,
    code: 'QUESTION_DRAW_NOT_DONE',
  },
  {
    name: 'next question unknown session',
    method: 'post',
    path: () => `/sessions/${unknownId}/questions/next`,
    body: {},
    as: 'chief',
    expected: 404,
  },
  {
    name: 'draw before the supervisor value',
    method: 'post',
    path: () => `/sessions/${sessionId}/question-draw`,
    body: {},
    as: 'chief',
    expected: 409,
    code: 'QUESTION_DRAW_NEEDS_SUPERVISOR_VALUE',
  },
  // public
  {
    name: 'public record bad id',
    method: 'get',
    path: () => `/draws/sessions/${bad}`,
    as: null,
    expected: 400,
  },
  {
    name: 'public record unknown',
    method: 'get',
    path: () => `/draws/sessions/${unknownId}`,
    as: null,
    expected: 404,
  },
  {
    name: 'public record bad purpose',
    method: 'get',
    path: () => `/draws/sessions/${sessionId}?purpose=panel`,
    as: null,
    expected: 400,
  },
  {
    name: 'public record two purposes',
    method: 'get',
    path: () => `/draws/sessions/${sessionId}?purpose=question_set&purpose=x`,
    as: null,
    expected: 400,
  },
  {
    name: 'public seal bad id',
    method: 'get',
    path: () => `/draws/question-banks/${bad}`,
    as: null,
    expected: 400,
  },
  {
    name: 'public seal unknown',
    method: 'get',
    path: () => `/draws/question-banks/${unknownId}`,
    as: null,
    expected: 404,
  },
];

describe('bad input to the question bank and question draw endpoints', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s → clear 4xx, never 500', async (_, c) => {
    const token = c.as ? u[c.as].token : undefined;
    const response =
      c.method === 'get'
        ? await http.get(c.path(), token)
        : c.method === 'delete'
          ? await http.delete(c.path(), token)
          : await http.post(c.path(), c.body, token);
    expect(response.status).toBe(c.expected);
    expect(typeof response.body.code).toBe('string');
    expect(typeof response.body.message).toBe('string');
    if (c.code) expect(response.body.code).toBe(c.code);
  });
});

describe('the draw refuses an unsealed bank', () => {
  it('answers 409 QUESTION_BANK_NOT_SEALED once the supervisor value is in', async () => {
    await http
      .post(`/sessions/${sessionId}/question-draw/supervisor-value`, { value: '42' }, u.sup.token)
      .expect(200);
    const response = await http
      .post(`/sessions/${sessionId}/question-draw`, {}, u.chief.token)
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'QUESTION_BANK_NOT_SEALED',
      message: '题库尚未封存，不能抽题',
    });
  });
});

describe('import uploads', () => {
  const importPath = () => `/question-bank/campaigns/${campaignId}/import`;
  const upload = (bytes: Buffer, name: string) =>
    http.upload(importPath(), bytes, name, u.qadmin.token);
  const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

  it.each([
    [
      'a PDF',
      Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'),
      'bank.json',
      415,
      'QUESTION_IMPORT_FILE_TYPE',
    ],
    ['an executable named .xlsx', ELF, 'bank.xlsx', 415, 'QUESTION_IMPORT_FILE_TYPE'],
    ['plain text', Buffer.from('第一题：请谈谈……'), 'bank.json', 415, 'QUESTION_IMPORT_FILE_TYPE'],
    ['a JSON array', Buffer.from('[{"sets":[]}]'), 'bank.json', 415, 'QUESTION_IMPORT_FILE_TYPE'],
    [
      'broken JSON',
      Buffer.from('{"sets": [ {"code": '),
      'bank.json',
      422,
      'QUESTION_IMPORT_INVALID',
    ],
    [
      'a zip that is not a workbook',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
      'bank.xlsx',
      422,
      'QUESTION_IMPORT_INVALID',
    ],
    ['an empty file', Buffer.alloc(0), 'bank.json', 400, undefined],
    [
      'a file over the size limit',
      Buffer.from(`{"sets":[],"pad":"${'x'.repeat(IMPORT_LIMIT)}"}`),
      'bank.json',
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('refuses %s', async (_, bytes, name, status, code) => {
    const response = await upload(bytes, name);
    expect(response.status).toBe(status);
    expect(typeof response.body.message).toBe('string');
    if (code) expect(response.body.code).toBe(code);
  });

  it('refuses a workbook that claims to unpack to gigabytes (zip bomb), without inflating it', async () => {
    const bytes = Buffer.from(await writeBankXlsx([]));
    // Point every central-directory entry at a 2 GB uncompressed size.
    for (
      let at = bytes.indexOf(CENTRAL_ENTRY);
      at >= 0;
      at = bytes.indexOf(CENTRAL_ENTRY, at + 4)
    ) {
      bytes.writeUInt32LE(0x7fffffff, at + 24);
    }
    const response = await upload(bytes, 'bank.xlsx').expect(422);
    expect(response.body.code).toBe('QUESTION_IMPORT_INVALID');
    expect(response.body.details.problems[0].problem).toMatch(/unpacks to more than/);
  });

  it('names every wrong place of an invalid bank', async () => {
    const body = {
      sets: [
        {
          code: 'A',
          categoryCode: '99',
          title: '',
          questions: [{ text: 'x', dimensions: [], timeAllowedSeconds: 5, guidance: {} }],
        },
        { code: 'A', categoryCode: '08', title: 't', questions: 'none' },
      ],
    };
    const response = await upload(Buffer.from(JSON.stringify(body)), 'bank.json').expect(422);
    expect(response.body.code).toBe('QUESTION_IMPORT_INVALID');
    expect(response.body.details.problems).toEqual(
      expect.arrayContaining([
        { path: '$.sets[0].categoryCode', problem: 'unknown_category' },
        { path: '$.sets[0].title', problem: 'required' },
        { path: '$.sets[0].questions[0].dimensions', problem: 'required' },
        { path: '$.sets[0].questions[0].timeAllowedSeconds', problem: 'out_of_range_30_3600' },
        { path: '$.sets[1].code', problem: 'duplicate_code' },
        { path: '$.sets[1].questions', problem: 'not_list' },
      ]),
    );
    const stored = await db.query('SELECT id FROM question_sets');
    expect(stored).toEqual([]);
  });

  it('refuses a request without the file, with two files, or with extra fields', async () => {
    const none = await http.post(importPath(), {}, u.qadmin.token);
    expect(none.status).toBe(400);
    const json = readFileSync(EXAMPLE_PATH);
    const server = app.getHttpServer();
    const request = (await import('supertest')).default;
    const two = await request(server)
      .post(`/api${importPath()}`)
      .set('Authorization', `Bearer ${u.qadmin.token}`)
      .attach('file', json, 'a.json')
      .attach('file', json, 'b.json');
    expect(two.status).toBe(400);
    const extra = await request(server)
      .post(`/api${importPath()}`)
      .set('Authorization', `Bearer ${u.qadmin.token}`)
      .field('replace', 'true')
      .attach('file', json, 'a.json');
    expect(extra.status).toBe(400);
    const wrongName = await request(server)
      .post(`/api${importPath()}`)
      .set('Authorization', `Bearer ${u.qadmin.token}`)
      .attach('upload', json, 'a.json');
    expect(wrongName.status).toBe(400);
    for (const response of [none, two, extra, wrongName])
      expect(typeof response.body.code).toBe('string');
  });

  it('refuses an import for an unknown campaign or from a candidate', async () => {
    const json = readFileSync(EXAMPLE_PATH);
    await http
      .upload(`/question-bank/campaigns/${unknownId}/import`, json, 'a.json', u.qadmin.token)
      .expect(404);
    await http.upload(importPath(), json, 'a.json', u.cand.token).expect(403);
    await http
      .upload(`/question-bank/campaigns/${bad}/import`, json, 'a.json', u.qadmin.token)
      .expect(400);
  });
});
