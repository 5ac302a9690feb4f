import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { api, makeApplication, makeCampaign, makeUser, minutesFromNow, TestUser } from './fixtures';

/** Issue 6: HR draws a session's examiner panel from a pool by lot (commit-reveal). */
let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
const users: Record<string, TestUser> = {};
let campaign: { campaignId: string; postId: string };
let sessionId: string;
const repoRoot = path.resolve(__dirname, '..', '..');
const tempDir = mkdtempSync(path.join(tmpdir(), 'yz-panel-'));

const ROLES: Record<string, string[]> = {
  hrofficer: ['hr'],
  chief1: ['chief_examiner'],
  ex1: ['examiner'],
  ex2: ['examiner'],
  ex3: ['examiner'],
  ex4: ['examiner'],
  ex5: ['examiner'],
  hs1: ['examiner'],
  hs2: ['chief_examiner'],
  clerk: ['score_clerk'],
  sup1: ['supervisor'],
  proctor1: ['proctor'],
  cand1: ['candidate'],
  cand2: ['candidate'],
};

// ex1 is recused by HR, ex2 through a conflict declared in the session; hs1/hs2 are hiring side.
function pool() {
  return [
    ...['ex1', 'ex2', 'ex3', 'ex4', 'ex5', 'chief1'].map((name) => ({
      userId: users[name].id,
      hiringSide: false,
    })),
    { userId: users.hs1.id, hiringSide: true },
    { userId: users.hs2.id, hiringSide: true },
  ];
}

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    campaignId: campaign.campaignId,
    size: 5,
    pool: pool(),
    recusedUserIds: [users.ex1.id],
    sessionId,
    ...overrides,
  };
}

function verifyDraw(record: unknown, name: string) {
  const file = path.join(tempDir, name);
  writeFileSync(file, JSON.stringify(record));
  return spawnSync(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'tools/verify-draw.ts', file],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
}

jest.setTimeout(30_000);

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries(ROLES)) {
    users[name] = await makeUser(app, admin.accessToken, name, roles);
  }
  campaign = await makeCampaign(db, '2022 水城优才 考官组');
  const a1 = await makeApplication(db, campaign, users.cand1.id);
  const a2 = await makeApplication(db, campaign, users.cand2.id);
  const session = await http
    .post(
      '/sessions',
      {
        campaignId: campaign.campaignId,
        categoryCode: 'ENG',
        title: '考官组抽取场',
        startsAt: minutesFromNow(60),
        endsAt: minutesFromNow(180),
        chiefExaminerId: users.chief1.id,
        examinerIds: [users.ex1.id, users.ex2.id],
        scoreClerkId: users.clerk.id,
        supervisorIds: [users.sup1.id],
        proctorIds: [users.proctor1.id],
        applicationIds: [a1, a2],
      },
      users.hrofficer.token,
    )
    .expect(201);
  sessionId = session.body.id;
  await http
    .post(
      `/sessions/${sessionId}/recusals`,
      { candidateId: users.cand2.id, reason: 'relative' },
      users.ex2.token,
    )
    .expect(201);
}, 60_000);

afterAll(async () => {
  rmSync(tempDir, { recursive: true, force: true });
  await app?.close();
  await db?.drop();
});

describe('drawing an examiner panel', () => {
  let drawId: string;
  let commitment: string;

  it('publishes the commitment first, with the secret hidden and both recusals applied', async () => {
    const created = await http
      .post('/panel-draws', createBody(), users.hrofficer.token)
      .expect(201);
    drawId = created.body.id;
    commitment = created.body.commitment;
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(created.body).toMatchObject({ drawn: false, secret: null, record: null, size: 5 });
    expect([...created.body.recusedUserIds].sort()).toEqual([users.ex1.id, users.ex2.id].sort());

    const state = await http.get(`/panel-draws/${drawId}`, users.hrofficer.token).expect(200);
    expect(state.body).toMatchObject({ drawn: false, secret: null, commitment });
    await http.get(`/draws/panels/${drawId}`).expect(404);

    const [entry] = await db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'panel.draw.create' AND subject = $1`,
      [`panel_draw:${drawId}`],
    );
    expect(entry.actor).toBe(`user:${users.hrofficer.id}`);
  });

  it('draws a full panel with at most one hiring-side examiner and no recused examiner', async () => {
    const drawn = await http
      .post(
        `/panel-draws/${drawId}/draw`,
        { publicValue: '上证指数 3321.45' },
        users.hrofficer.token,
      )
      .expect(200);
    const { record, members } = drawn.body as {
      record: { commitment: string; sources: string[]; panel: { members: string[] } };
      members: { userId: string; hiringSide: boolean }[];
    };
    expect(members).toHaveLength(5);
    expect(members.filter((member) => member.hiringSide).length).toBeLessThanOrEqual(1);
    const ids = members.map((member) => member.userId);
    expect(ids).not.toContain(users.ex1.id);
    expect(ids).not.toContain(users.ex2.id);
    // Four non-hiring-side examiners remain after recusals, so all of them must sit.
    expect(ids).toEqual(
      expect.arrayContaining([users.ex3.id, users.ex4.id, users.ex5.id, users.chief1.id]),
    );
    expect(record.commitment).toBe(commitment);
    expect(record.panel.members).toEqual(ids);
    expect(record.sources).toEqual([drawId, expect.any(String), '上证指数 3321.45']);

    const state = await http.get(`/panel-draws/${drawId}`, users.hrofficer.token).expect(200);
    expect(state.body.drawn).toBe(true);
    expect(state.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(state.body.members).toEqual(members);

    const [entry] = await db.query<{ details: { result: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'panel.draw' AND subject = $1`,
      [`panel_draw:${drawId}`],
    );
    expect(entry.details.result).toBeDefined();
  });

  it('publishes a record that verify-draw accepts, and rejects once its result is changed', async () => {
    const published = await http.get(`/draws/panels/${drawId}`).expect(200);
    expect(published.body).toMatchObject({ purpose: 'panel', id: drawId, commitment });
    const ok = verifyDraw(published.body, 'panel.json');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^OK rfc3797-sha256-v1/);

    const result = [...published.body.result];
    [result[0], result[1]] = [result[1], result[0]];
    const tampered = verifyDraw({ ...published.body, result }, 'tampered.json');
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/FAILED/);
  });

  it('refuses a second draw', async () => {
    const again = await http
      .post(`/panel-draws/${drawId}/draw`, {}, users.hrofficer.token)
      .expect(409);
    expect(again.body.code).toBe('PANEL_ALREADY_DRAWN');
  });
});

describe('refusals', () => {
  it('refuses a pool member who is not an examiner', async () => {
    const body = createBody({
      pool: [...pool(), { userId: users.clerk.id, hiringSide: false }],
    });
    const response = await http.post('/panel-draws', body, users.hrofficer.token).expect(422);
    expect(response.body.code).toBe('PANEL_POOL_NOT_EXAMINER');
    expect(response.body.details.userIds).toEqual([users.clerk.id]);
  });

  it('refuses a panel that cannot be filled after recusals and the hiring-side rule', async () => {
    const response = await http
      .post('/panel-draws', createBody({ size: 7 }), users.hrofficer.token)
      .expect(422);
    expect(response.body.code).toBe('PANEL_CANNOT_BE_FILLED');
    expect(response.body.message).toMatch(/回避/);
  });

  it('refuses an unknown campaign and a session of another campaign', async () => {
    const unknown = { campaignId: '00000000-0000-4000-8000-0000000000ff' };
    await http.post('/panel-draws', createBody(unknown), users.hrofficer.token).expect(404);
    const other = await makeCampaign(db, '2023 水城优才 其他');
    const response = await http
      .post('/panel-draws', createBody({ campaignId: other.campaignId }), users.hrofficer.token)
      .expect(422);
    expect(response.body.code).toBe('PANEL_SESSION_OTHER_CAMPAIGN');
  });

  it('is for HR and admins only', async () => {
    await http.post('/panel-draws', createBody(), users.ex3.token).expect(403);
    await http.post('/panel-draws', createBody(), users.chief1.token).expect(403);
  });

  it.each([
    ['an even size', { size: 4 }],
    ['a size too large', { size: 17 }],
    [
      'a one-member pool',
      { pool: [{ userId: '00000000-0000-4000-8000-000000000001', hiringSide: false }] },
    ],
    ['a repeated pool member', () => ({ pool: [pool()[0], pool()[0], pool()[2]] })],
    ['a pool of strings', { pool: ['a', 'b', 'c'] }],
    [
      'a pool member without hiringSide',
      {
        pool: [
          { userId: '00000000-0000-4000-8000-000000000001' },
          { userId: '00000000-0000-4000-8000-000000000002', hiringSide: true },
        ],
      },
    ],
    ['a bad campaign id', { campaignId: 'nope' }],
    ['an unknown field', { colour: 'red' }],
    ['recused ids that are not uuids', { recusedUserIds: ['x'] }],
  ])('answers 400 to %s', async (_label, overrides) => {
    const fields = typeof overrides === 'function' ? overrides() : overrides;
    const response = await http
      .post('/panel-draws', createBody(fields), users.hrofficer.token)
      .expect(400);
    expect(response.body.code).toBeDefined();
  });

  it('answers 400 to a malformed draw request and an over-long public value', async () => {
    await http.post('/panel-draws', '{"pool":', users.hrofficer.token).expect(400);
    const created = await http
      .post('/panel-draws', createBody(), users.hrofficer.token)
      .expect(201);
    await http
      .post(
        `/panel-draws/${created.body.id}/draw`,
        { publicValue: 'x'.repeat(201) },
        users.hrofficer.token,
      )
      .expect(400);
    await http
      .post(`/panel-draws/${created.body.id}/draw`, { publicValue: 7 }, users.hrofficer.token)
      .expect(400);
    await http.get('/panel-draws/not-a-uuid', users.hrofficer.token).expect(400);
  });
});
