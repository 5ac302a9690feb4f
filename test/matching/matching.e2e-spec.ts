import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';
import { approvedCandidate, auth, demoCampaign, openWindow } from './fixtures';

// The whole matching flow through the API: positions → hires → preference window →
// preferences → serial and optimal runs → comparison → override → publication → each hire
// sees their own result → a hire withdraws → backfill of the freed place only → publication.

jest.setTimeout(120_000);

let db: TestDatabase;
let app: NestExpressApplication;
const http = () => request(app.getHttpServer());
let adminToken: string;
let hrToken: string;
let campaign: { campaignId: string; postId: string };
let base: string;
const people: Record<'h1' | 'h2' | 'h3' | 'h4' | 'outsider', TestUser> = {} as never;
const hires: Record<'h1' | 'h2' | 'h3' | 'h4', string> = {} as never;
const positions: Record<'P1' | 'P2' | 'P3' | 'P4', string> = {} as never;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(
    testConfig(db.url, { SEED_DEMO: 'true', DEMO_HR_PASSWORD: 'hr-password-for-tests' }),
  );
  adminToken = (await login(app)).accessToken;
  hrToken = (await login(app, 'hr', 'hr-password-for-tests')).accessToken;
  campaign = await demoCampaign(app, hrToken);
  base = `/api/matching/campaigns/${campaign.campaignId}`;
  people.h1 = await approvedCandidate(app, db, adminToken, 'hire1', campaign, '0812');
  people.h2 = await approvedCandidate(app, db, adminToken, 'hire2', campaign, '0812');
  people.h3 = await approvedCandidate(app, db, adminToken, 'hire3', campaign, '0101');
  people.h4 = await approvedCandidate(app, db, adminToken, 'hire4', campaign, '0101');
  people.outsider = await approvedCandidate(app, db, adminToken, 'outsider', campaign, '0812');
}, 90_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function auditActions(prefix: string): Promise<string[]> {
  const rows = await db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE action LIKE $1 ORDER BY seq',
    [`${prefix}%`],
  );
  return rows.map((r) => r.action);
}

it('HR defines positions (disciplines checked against the catalogue), audited', async () => {
  const define = async (code: string, quota: number, disciplines: string[], level = 'city') =>
    (
      await http()
        .post(`${base}/positions`)
        .set(auth(hrToken))
        .send({ code, unit: `单位${code}`, title: `岗位${code}`, level, disciplines, quota })
        .expect(201)
    ).body.id as string;
  positions.P1 = await define('P1', 1, ['0812']);
  positions.P2 = await define('P2', 1, ['0812', '0101'], 'county');
  positions.P3 = await define('P3', 1, ['0101']);
  positions.P4 = await define('P4', 1, ['0812'], 'county');

  const unknown = await http()
    .post(`${base}/positions`)
    .set(auth(hrToken))
    .send({ code: 'PX', unit: 'u', title: 't', level: 'city', disciplines: ['9999'], quota: 1 })
    .expect(422);
  expect(unknown.body.code).toBe('MATCHING_UNKNOWN_DISCIPLINE');
  expect(unknown.body.message).toContain('9999');
  await http()
    .post(`${base}/positions`)
    .set(auth(hrToken))
    .send({ code: 'P1', unit: 'u', title: 't', level: 'city', disciplines: ['0812'], quota: 1 })
    .expect(409);

  const patched = await http()
    .patch(`${base}/positions/${positions.P4}`)
    .set(auth(hrToken))
    .send({ title: '岗位P4（调整）' })
    .expect(200);
  expect(patched.body.title).toBe('岗位P4（调整）');
  const list = (await http().get(`${base}/positions`).set(auth(hrToken)).expect(200)).body;
  expect(list.map((p: { code: string }) => p.code)).toEqual(['P1', 'P2', 'P3', 'P4']);
  expect(await auditActions('matching.position')).toEqual([
    'matching.position_create',
    'matching.position_create',
    'matching.position_create',
    'matching.position_create',
    'matching.position_update',
  ]);

  // candidates do not manage positions
  await http().get(`${base}/positions`).set(auth(people.h1.token)).expect(403);
});

it('HR marks the hires with their rank; the discipline comes from the application', async () => {
  const add = async (who: keyof typeof hires, rank: number) => {
    const response = await http()
      .post(`${base}/hires`)
      .set(auth(hrToken))
      .send({ candidateId: people[who].id, rank })
      .expect(201);
    hires[who] = response.body.id;
    return response.body;
  };
  expect((await add('h1', 1)).disciplineCode).toBe('0812');
  await add('h2', 2);
  expect((await add('h3', 3)).disciplineCode).toBe('0101');
  await add('h4', 4);

  // no published score → the rank must be given
  const noRank = await http()
    .post(`${base}/hires`)
    .set(auth(hrToken))
    .send({ candidateId: people.outsider.id })
    .expect(422);
  expect(noRank.body.code).toBe('MATCHING_RANK_UNKNOWN');
  // someone without an approved application in the campaign
  const stranger = await makeUser(app, adminToken, 'stranger', ['candidate']);
  const notApproved = await http()
    .post(`${base}/hires`)
    .set(auth(hrToken))
    .send({ candidateId: stranger.id, rank: 9 })
    .expect(422);
  expect(notApproved.body.code).toBe('MATCHING_NOT_APPROVED');
  await http()
    .post(`${base}/hires`)
    .set(auth(hrToken))
    .send({ candidateId: people.h1.id, rank: 1 })
    .expect(409);
});

it('hires rank positions open to their discipline, inside the window only', async () => {
  const submit = (who: keyof typeof hires, ids: string[]) =>
    http()
      .put(`/api/matching/me/${campaign.campaignId}/preferences`)
      .set(auth(people[who].token))
      .send({ positionIds: ids });

  expect((await submit('h1', [positions.P2]).expect(422)).body.code).toBe(
    'MATCHING_WINDOW_NOT_SET',
  );
  const later = new Date(Date.now() + 86_400_000);
  const evenLater = new Date(Date.now() + 2 * 86_400_000);
  await http()
    .put(`${base}/settings`)
    .set(auth(hrToken))
    .send({
      preferencesOpenAt: later.toISOString(),
      preferencesCloseAt: evenLater.toISOString(),
      maxPreferences: 3,
    })
    .expect(200);
  const outside = await submit('h1', [positions.P2]).expect(422);
  expect(outside.body.code).toBe('MATCHING_OUTSIDE_WINDOW');
  const pad = (n: number) => String(n).padStart(2, '0');
  const beijing = new Date(later.getTime() + 8 * 3600_000);
  expect(outside.body.message).toContain(
    `${beijing.getUTCFullYear()}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())}`,
  );
  expect(outside.body.details.preferencesOpenAt).toBe(later.toISOString());

  await http().put(`${base}/settings`).set(auth(hrToken)).send(openWindow(3)).expect(200);

  // what h3 (0101) may choose from
  const mine = (
    await http().get(`/api/matching/me/${campaign.campaignId}`).set(auth(people.h3.token))
  ).body;
  expect(mine.window.open).toBe(true);
  expect(mine.maxPreferences).toBe(3);
  expect(mine.positions.map((p: { code: string }) => p.code)).toEqual(['P2', 'P3']);

  // too many, and a position that does not take the discipline
  expect(
    (await submit('h1', [positions.P2, positions.P1, positions.P4, positions.P3]).expect(422)).body
      .code,
  ).toBe('MATCHING_TOO_MANY_PREFERENCES');
  const closed = await submit('h1', [positions.P3]).expect(422);
  expect(closed.body.code).toBe('MATCHING_POSITION_NOT_OPEN');
  expect(closed.body.message).toContain('0812');

  await submit('h1', [positions.P2, positions.P1, positions.P4]).expect(200);
  await submit('h2', [positions.P2]).expect(200);
  await submit('h3', [positions.P3]).expect(200);
  const saved = await submit('h4', [positions.P3, positions.P2]).expect(200);
  expect(saved.body.preferences.map((p: { code: string }) => p.code)).toEqual(['P3', 'P2']);

  // someone HR did not hire has nothing here
  await http()
    .get(`/api/matching/me/${campaign.campaignId}`)
    .set(auth(people.outsider.token))
    .expect(404);
  await submit('outsider' as never, [positions.P1]).expect(404);
  expect(
    (await http().get('/api/matching/me').set(auth(people.outsider.token)).expect(200)).body,
  ).toEqual([]);
});

let serialRun: string;
let optimalRun: string;

it('HR runs both algorithms (stored, deterministic) and compares them', async () => {
  const serial = (
    await http().post(`${base}/runs`).set(auth(hrToken)).send({ algorithm: 'serial' }).expect(201)
  ).body;
  const optimal = (
    await http().post(`${base}/runs`).set(auth(hrToken)).send({ algorithm: 'optimal' }).expect(201)
  ).body;
  serialRun = serial.id;
  optimalRun = optimal.id;
  const outcome = (run: {
    rows: { hireId: string; position: { code: string } | null; choice: number | null }[];
  }) => Object.fromEntries(run.rows.map((r) => [r.hireId, r.position?.code ?? null]));

  // serial: h1 takes P2 first, so h2 (P2 only) and h4 (P3, P2 both gone) are left out
  expect(outcome(serial)).toEqual({
    [hires.h1]: 'P2',
    [hires.h2]: null,
    [hires.h3]: 'P3',
    [hires.h4]: null,
  });
  // optimal: h1 yields P2 for their 2nd choice, and one more hire is placed
  expect(outcome(optimal)).toEqual({
    [hires.h1]: 'P1',
    [hires.h2]: 'P2',
    [hires.h3]: 'P3',
    [hires.h4]: null,
  });
  const h1Row = optimal.rows.find((r: { hireId: string }) => r.hireId === hires.h1);
  expect(h1Row.choice).toBe(2);
  expect(h1Row.explanation['zh-CN']).toContain('第2志愿');
  expect(h1Row.explanation.en).toContain('2nd choice');

  // same input → same result
  const again = (
    await http().post(`${base}/runs`).set(auth(hrToken)).send({ algorithm: 'optimal' }).expect(201)
  ).body;
  expect(outcome(again)).toEqual(outcome(optimal));

  // the tie-break lot was drawn with the draw engine and is published with the settings
  const settings = (await http().get(`${base}/settings`).set(auth(hrToken)).expect(200)).body;
  expect(settings.lot.algorithm).toBe('rfc3797-sha256-v1');
  expect([...settings.lot.result].sort()).toEqual(Object.values(hires).sort());

  const comparison = (
    await http()
      .get(`${base}/comparison?a=${serialRun}&b=${optimalRun}`)
      .set(auth(hrToken))
      .expect(200)
  ).body;
  expect(comparison.comparison.byChoice).toEqual([
    { choice: 1, a: 2, b: 2 },
    { choice: 2, a: 0, b: 1 },
  ]);
  expect(comparison.a.unassigned).toBe(2);
  expect(comparison.b.unassigned).toBe(1);
  expect(comparison.comparison.differing).toBe(2);
  const runs = (await http().get(`${base}/runs`).set(auth(hrToken)).expect(200)).body;
  expect(runs).toHaveLength(3);
});

it('HR overrides one assignment with a reason (audited), then publishes with notices', async () => {
  const full = await http()
    .post(`${base}/runs/${optimalRun}/overrides`)
    .set(auth(hrToken))
    .send({ hireId: hires.h1, positionId: positions.P2, reason: '照顾' })
    .expect(422);
  expect(full.body.code).toBe('MATCHING_OVERRIDE_INVALID');
  const overridden = (
    await http()
      .post(`${base}/runs/${optimalRun}/overrides`)
      .set(auth(hrToken))
      .send({ hireId: hires.h1, positionId: positions.P4, reason: '本人身体原因需就近安排' })
      .expect(200)
  ).body;
  const h1 = overridden.rows.find((r: { hireId: string }) => r.hireId === hires.h1);
  expect(h1.position.code).toBe('P4');
  expect(h1.choice).toBe(3);
  expect(h1.override.reason).toBe('本人身体原因需就近安排');
  expect(overridden.choiceHistogram).toEqual({ '1': 2, '2': 0, '3': 1 });
  const [audit] = await db.query<{ details: { reason: string; from: string; to: string } }>(
    "SELECT details FROM audit_log WHERE action = 'matching.override'",
  );
  expect(audit.details).toMatchObject({
    reason: '本人身体原因需就近安排',
    from: positions.P1,
    to: positions.P4,
  });

  await http().post(`${base}/runs/${optimalRun}/publish`).set(auth(hrToken)).expect(200);
  await http().post(`${base}/runs/${optimalRun}/publish`).set(auth(hrToken)).expect(409);
  await http()
    .post(`${base}/runs/${optimalRun}/overrides`)
    .set(auth(hrToken))
    .send({ hireId: hires.h4, positionId: positions.P1, reason: 'x' })
    .expect(409);
  const notices = await db.query<{
    recipient_id: string;
    template: string;
    payload: { outcome: string };
  }>(
    "SELECT recipient_id, template, payload FROM notifications_outbox WHERE template = 'matching.result'",
  );
  expect(notices.map((n) => n.recipient_id).sort()).toEqual(
    [people.h1.id, people.h2.id, people.h3.id, people.h4.id].sort(),
  );
  expect(notices.find((n) => n.recipient_id === people.h1.id)?.payload.outcome).toContain(
    '本人身体原因需就近安排',
  );
  expect(await auditActions('matching.publish')).toEqual(['matching.publish']);
});

it('each hire sees only their own published assignment and its explanation', async () => {
  const mine = async (who: keyof typeof people) =>
    (
      await http()
        .get(`/api/matching/me/${campaign.campaignId}`)
        .set(auth(people[who].token))
        .expect(200)
    ).body;
  const h2 = await mine('h2');
  expect(h2.assignment.position.code).toBe('P2');
  expect(h2.assignment.explanation['zh-CN']).toContain('第1志愿');
  const h1 = await mine('h1');
  expect(h1.assignment.position.code).toBe('P4');
  expect(h1.assignment.adjustedByHr).toBe(true);
  const h4 = await mine('h4');
  expect(h4.assignment.position).toBeNull();
  expect(h4.assignment.explanation.en).toMatch(/^Not placed/);
  // the answer carries no one else's data
  expect(JSON.stringify(h2)).not.toContain(hires.h1);
  // and no HR view is reachable for a hire
  await http().get(`${base}/runs/${optimalRun}`).set(auth(people.h2.token)).expect(403);
});

it('a hire withdraws; HR backfills the freed place only and publishes the change', async () => {
  await http()
    .post(`${base}/hires/${hires.h2}/withdraw`)
    .set(auth(hrToken))
    .send({ reason: '本人放弃' })
    .expect(200);
  const backfill = (await http().post(`${base}/backfill`).set(auth(hrToken)).expect(201)).body;
  expect(backfill.kind).toBe('backfill');
  expect(backfill.freed).toEqual([{ position: positions.P2, seats: 1 }]);
  const outcome = Object.fromEntries(
    backfill.rows.map((r: { hireId: string; position: { code: string } | null }) => [
      r.hireId,
      r.position?.code ?? null,
    ]),
  );
  // h1 keeps HR's override and h3 their place; h4 gets the freed P2 (their 2nd choice)
  expect(outcome).toEqual({ [hires.h1]: 'P4', [hires.h3]: 'P3', [hires.h4]: 'P2' });
  const h4Row = backfill.rows.find((r: { hireId: string }) => r.hireId === hires.h4);
  expect(h4Row.backfilled).toBe(true);

  await http().post(`${base}/runs/${backfill.id}/publish`).set(auth(hrToken)).expect(200);
  const runs = (await http().get(`${base}/runs`).set(auth(hrToken)).expect(200)).body as {
    id: string;
    status: string;
  }[];
  expect(runs.find((r) => r.id === optimalRun)?.status).toBe('superseded');
  expect(runs.find((r) => r.id === backfill.id)?.status).toBe('published');

  const notices = await db.query<{ recipient_id: string }>(
    "SELECT recipient_id FROM notifications_outbox WHERE template = 'matching.result' AND payload->>'backfill' = 'true'",
  );
  expect(notices.map((n) => n.recipient_id)).toEqual([people.h4.id]);
  const h4 = (
    await http()
      .get(`/api/matching/me/${campaign.campaignId}`)
      .set(auth(people.h4.token))
      .expect(200)
  ).body;
  expect(h4.assignment.position.code).toBe('P2');
  expect(h4.assignment.backfill).toBe(true);
  expect(h4.assignment.explanation['zh-CN']).toContain('补录');

  expect((await http().post(`${base}/backfill`).set(auth(hrToken)).expect(422)).body.code).toBe(
    'MATCHING_NOTHING_TO_BACKFILL',
  );
  expect(await auditActions('matching.')).toEqual(
    expect.arrayContaining(['matching.hire_withdraw', 'matching.backfill', 'matching.lot_draw']),
  );
});

it('equal ranks are ordered by the lot, as the settings publish it', async () => {
  const created = (
    await http()
      .post('/api/campaigns')
      .set(auth(hrToken))
      .send({
        name: '并列测试',
        registrationOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
        registrationClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
        eligibilityRule: { anyOf: [{ degree: 'master' }] },
      })
      .expect(201)
  ).body;
  const other = { campaignId: created.id as string, postId: campaign.postId };
  const b = `/api/matching/campaigns/${other.campaignId}`;
  const a1 = await approvedCandidate(app, db, adminToken, 'tie1', campaign, '0812');
  const a2 = await approvedCandidate(app, db, adminToken, 'tie2', campaign, '0812');
  // their applications are in the demo campaign; move them to the new one
  await db.query('UPDATE applications SET campaign_id = $1 WHERE candidate_id = ANY($2::uuid[])', [
    other.campaignId,
    [a1.id, a2.id],
  ]);
  const only = (
    await http()
      .post(`${b}/positions`)
      .set(auth(hrToken))
      .send({ code: 'ONE', unit: 'u', title: 't', level: 'city', disciplines: ['0812'], quota: 1 })
      .expect(201)
  ).body.id;
  await http().put(`${b}/settings`).set(auth(hrToken)).send(openWindow(1)).expect(200);
  for (const who of [a1, a2]) {
    await http()
      .post(`${b}/hires`)
      .set(auth(hrToken))
      .send({ candidateId: who.id, rank: 1 })
      .expect(201);
    await http()
      .put(`/api/matching/me/${other.campaignId}/preferences`)
      .set(auth(who.token))
      .send({ positionIds: [only] })
      .expect(200);
  }
  const run = (
    await http().post(`${b}/runs`).set(auth(hrToken)).send({ algorithm: 'serial' }).expect(201)
  ).body;
  const hireList = (await http().get(`${b}/hires`).set(auth(hrToken)).expect(200)).body as {
    id: string;
    lot: number;
  }[];
  const first = hireList.find((h) => h.lot === 1);
  const placed = run.rows.find((r: { position: unknown }) => r.position !== null);
  expect(placed.hireId).toBe(first?.id);
});
