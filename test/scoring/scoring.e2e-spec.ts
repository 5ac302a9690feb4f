import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEMO_RUBRIC, seedDemoRubric } from '@yunzhao/scoring';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { secondWaitsOnFirst } from '../support/lock-waits';
import {
  api,
  Api,
  makeCampaign,
  makeScoringWorld,
  marksFor,
  ScoringWorld,
  TestUser,
} from './fixtures';
import { addCategory as addCategoryTo } from '../support/categories';

let db: TestDatabase;
let app: NestExpressApplication;
let http: Api;
let world: ScoringWorld;

const base = () => `/scoring/sessions/${world.sessionId}`;
const forCandidate = (candidate: TestUser) => `${base()}/candidates/${candidate.id}`;

async function submitAll(candidate: TestUser, totals: number[]) {
  const markers = [world.panel.chief, ...world.panel.examiners];
  for (const [index, examiner] of markers.entries()) {
    const response = await http.post(
      `${forCandidate(candidate)}/marks/mine/submit`,
      { marks: marksFor(totals[index]) },
      examiner.token,
    );
    expect(response.status).toBe(200);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  http = api(app);
  world = await makeScoringWorld(app, db, 3, { demoRubric: false });
  const rubric = await http.put(
    `/scoring/campaigns/${world.campaignId}/rubrics/*`,
    { dimensions: DEMO_RUBRIC },
    world.panel.hr.token,
  );
  expect(rubric.status).toBe(200);
  expect(rubric.body).toMatchObject({ categoryCode: '*', maxTotal: 100, inUse: false });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('rubrics and settings (HR)', () => {
  it('the demo seed gives a campaign the 100-point sheet once, and the default method', async () => {
    const campaign = await makeCampaign(db, 'seeded');
    const dataSource = app.get(DataSource);
    expect(await seedDemoRubric(dataSource.manager, campaign.campaignId)).toBe(true);
    expect(await seedDemoRubric(dataSource.manager, campaign.campaignId)).toBe(false);
    const list = await http.get(
      `/scoring/campaigns/${campaign.campaignId}/rubrics`,
      world.panel.hr.token,
    );
    expect(list.body).toHaveLength(1);
    expect(list.body[0].dimensions.map((d: { max: number }) => d.max)).toEqual([
      17, 17, 14, 14, 13, 10, 7, 8,
    ]);
    const settings = await http.get(
      `/scoring/campaigns/${campaign.campaignId}/settings`,
      world.panel.hr.token,
    );
    expect(settings.body).toEqual({
      campaignId: campaign.campaignId,
      aggregationMethod: 'total-trimmed-mean',
    });
  });

  it('refuses a rubric whose dimensions repeat, and examiners may not set rubrics', async () => {
    const repeated = await http.put(
      `/scoring/campaigns/${world.campaignId}/rubrics/07`,
      {
        dimensions: [
          { key: 'a', label: 'A', max: 10 },
          { key: 'a', label: 'B', max: 5 },
        ],
      },
      world.panel.hr.token,
    );
    expect(repeated.status).toBe(422);
    expect(repeated.body.code).toBe('SCORING_RUBRIC_INVALID');
    const asExaminer = await http.put(
      `/scoring/campaigns/${world.campaignId}/rubrics/07`,
      { dimensions: [{ key: 'a', label: 'A', max: 10 }] },
      world.panel.examiners[0].token,
    );
    expect(asExaminer.status).toBe(403);
  });

  describe('the category a rubric names', () => {
    // A campaign of its own (category 08 only), so the world's rubrics stay as they are.
    let campaignId: string;
    const rubric = (code: string) => `/scoring/campaigns/${campaignId}/rubrics/${code}`;
    const rubricsWith = async (code: string) =>
      (
        await db.query(
          'SELECT 1 FROM scoring_rubrics WHERE campaign_id = $1 AND category_code = $2',
          [campaignId, code],
        )
      ).length;
    const addCategory = (code: string) => addCategoryTo(db, campaignId, code);
    const removeCategory = (categoryId: string) =>
      Promise.resolve(
        request(app.getHttpServer())
          .delete(`/api/campaigns/${campaignId}/categories/${categoryId}`)
          .set('Authorization', `Bearer ${world.panel.hr.token}`),
      );

    beforeAll(async () => {
      ({ campaignId } = await makeCampaign(db, '评分标准类别'));
    });

    it('is set for a category of the campaign or the default (*), and refused for any other code', async () => {
      const refused = await http
        .put(rubric('07'), { dimensions: DEMO_RUBRIC }, world.panel.hr.token)
        .set('Accept-Language', 'en');
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          {
            field: 'categoryCode',
            messages: ['categoryCode names no category of this campaign: 07'],
          },
        ],
      });
      expect(await rubricsWith('07')).toBe(0);
      const unknownCampaign = '00000000-0000-4000-8000-0000000000ca';
      const elsewhere = await http.put(
        `/scoring/campaigns/${unknownCampaign}/rubrics/08`,
        { dimensions: DEMO_RUBRIC },
        world.panel.hr.token,
      );
      expect(elsewhere.status).toBe(404);

      for (const code of ['08', '*']) {
        const set = await http.put(rubric(code), { dimensions: DEMO_RUBRIC }, world.panel.hr.token);
        expect(set.status).toBe(200);
        expect(set.body).toMatchObject({ campaignId, categoryCode: code });
      }
      // Changing it (nobody has marked with it) checks the category again, and finds it.
      const changed = await http.put(
        rubric('08'),
        { dimensions: [{ key: 'a', label: 'A', max: 10 }] },
        world.panel.hr.token,
      );
      expect(changed.status).toBe(200);
      expect(changed.body.maxTotal).toBe(10);
    });

    it('a deletion that comes while the rubric is being set waits, then refuses', async () => {
      const categoryId = await addCategory('09');
      const [set, refused] = await secondWaitsOnFirst(
        db,
        () => http.put(rubric('09'), { dimensions: DEMO_RUBRIC }, world.panel.hr.token),
        () => removeCategory(categoryId),
      );
      expect(set.status).toBe(200);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'IN_USE', details: { rubrics: 1 } });
    });

    it('a rubric set while its category is being deleted waits, then finds no category', async () => {
      const categoryId = await addCategory('10');
      const [deleted, refused] = await secondWaitsOnFirst(
        db,
        () => removeCategory(categoryId),
        () => http.put(rubric('10'), { dimensions: DEMO_RUBRIC }, world.panel.hr.token),
      );
      expect(deleted.status).toBe(204);
      expect(refused.status).toBe(400);
      expect(refused.body.details[0].field).toBe('categoryCode');
      expect(await rubricsWith('10')).toBe(0);
    });
  });
});

describe('marking', () => {
  it('an examiner saves a partial draft, revises it, then submits; submission is audited', async () => {
    const [candidate] = world.panel.candidates;
    const examiner = world.panel.examiners[0];
    const draft = await http.put(
      `${forCandidate(candidate)}/marks/mine`,
      { marks: { analysis: 12 } },
      examiner.token,
    );
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', marks: { analysis: 12 }, total: null });
    const revised = await http.put(
      `${forCandidate(candidate)}/marks/mine`,
      { marks: { analysis: 13.5, bearing: 6 } },
      examiner.token,
    );
    expect(revised.body.marks).toEqual({ analysis: 13.5, bearing: 6 });
    const submitted = await http.post(
      `${forCandidate(candidate)}/marks/mine/submit`,
      { marks: marksFor(85) },
      examiner.token,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', total: 85 });
    const mine = await http.get(`${forCandidate(candidate)}/marks/mine`, examiner.token);
    expect(mine.body.status).toBe('submitted');
    const [audit] = await db.query<{ details: { total: number; examinerId: string } }>(
      `SELECT details FROM audit_log WHERE action = 'score.submit' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.details).toMatchObject({ total: 85, examinerId: examiner.id });
  });

  it('refuses revising submitted marks; only the chief reopens them (audited)', async () => {
    const [candidate] = world.panel.candidates;
    const examiner = world.panel.examiners[0];
    const again = await http.put(
      `${forCandidate(candidate)}/marks/mine`,
      { marks: { analysis: 1 } },
      examiner.token,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SCORING_SHEET_SUBMITTED');
    const byExaminer = await http.post(
      `${forCandidate(candidate)}/sheets/${examiner.id}/reopen`,
      {},
      world.panel.examiners[1].token,
    );
    expect(byExaminer.status).toBe(403);
    const byChief = await http.post(
      `${forCandidate(candidate)}/sheets/${examiner.id}/reopen`,
      {},
      world.panel.chief.token,
    );
    expect(byChief.status).toBe(200);
    expect(byChief.body.status).toBe('draft');
    const [audit] = await db.query(`SELECT subject FROM audit_log WHERE action = 'score.reopen'`);
    expect(audit).toEqual({ subject: `session:${world.sessionId}` });
    const resubmit = await http.post(
      `${forCandidate(candidate)}/marks/mine/submit`,
      { marks: marksFor(86) },
      examiner.token,
    );
    expect(resubmit.body).toMatchObject({ status: 'submitted', total: 86 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a mark above the maximum', { ...marksFor(80), analysis: 17.5 }, 'out-of-range'],
    ['a negative mark', { ...marksFor(80), bearing: -1 }, 'out-of-range'],
    ['a missing dimension', { analysis: 10 }, 'missing'],
    ['an unknown dimension', { ...marksFor(80), charisma: 3 }, 'unknown-dimension'],
    ['a mark that is not a number', { ...marksFor(80), planning: '12' }, 'not-a-number'],
    ['three decimals', { ...marksFor(80), planning: 10.125 }, 'too-many-decimals'],
  ])('refuses %s (422, naming the dimension)', async (_label, marks, code) => {
    const candidate = world.panel.candidates[1];
    const response = await http.post(
      `${forCandidate(candidate)}/marks/mine/submit`,
      { marks },
      world.panel.examiners[1].token,
    );
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('SCORING_MARKS_INVALID');
    expect(response.body.details.problems.map((p: { code: string }) => p.code)).toContain(code);
  });

  it('refuses marks from someone not on the panel, for a recused candidate, or for a candidate of another session', async () => {
    const candidate = world.panel.candidates[1];
    const outsiders = [
      world.other.examiners[0],
      world.panel.clerk,
      world.panel.supervisor,
      candidate,
    ];
    for (const outsider of outsiders) {
      const response = await http.post(
        `${forCandidate(candidate)}/marks/mine/submit`,
        { marks: marksFor(80) },
        outsider.token,
      );
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('SCORING_NOT_ON_PANEL');
    }
    const recused = world.panel.examiners[3];
    const declared = await http.post(
      `/sessions/${world.sessionId}/recusals`,
      { candidateId: world.panel.candidates[2].id, reason: 'same_institution' },
      recused.token,
    );
    expect(declared.status).toBe(201);
    const refused = await http.post(
      `${forCandidate(world.panel.candidates[2])}/marks/mine/submit`,
      { marks: marksFor(80) },
      recused.token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('SCORING_RECUSED');
    const elsewhere = await http.post(
      `${forCandidate(world.other.candidates[0])}/marks/mine/submit`,
      { marks: marksFor(80) },
      world.panel.examiners[0].token,
    );
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('SCORING_CANDIDATE_NOT_IN_SESSION');
  });
});

describe('sealed marks before publication, publication once, corrections only through the flow', () => {
  it('an examiner cannot read the panel marks; the chief and the score clerk see who submitted and the marks', async () => {
    const [candidate] = world.panel.candidates;
    const sealed = await http.get(
      `${forCandidate(candidate)}/sheets`,
      world.panel.examiners[1].token,
    );
    expect(sealed.status).toBe(403);
    expect(sealed.body.code).toBe('SCORING_MARKS_SEALED');
    // The only per-examiner read an examiner has is their own sheet.
    const own = await http.get(
      `${forCandidate(candidate)}/marks/mine`,
      world.panel.examiners[1].token,
    );
    expect(own.body).toMatchObject({
      examinerId: world.panel.examiners[1].id,
      status: 'not_started',
      marks: {},
    });
    const examinerView = await http.get(base(), world.panel.examiners[1].token);
    expect(examinerView.body.candidates[0]).toMatchObject({ submitted: 0, mySheet: 'not_started' });
    for (const checker of [world.panel.chief, world.panel.clerk]) {
      const rows = await http.get(`${forCandidate(candidate)}/sheets`, checker.token);
      expect(rows.status).toBe(200);
      const submitted = rows.body.filter((r: { status: string }) => r.status === 'submitted');
      expect(submitted).toEqual([
        expect.objectContaining({
          examinerId: world.panel.examiners[0].id,
          total: 86,
          marks: marksFor(86),
        }),
      ]);
    }
    const chiefView = await http.get(base(), world.panel.chief.token);
    expect(chiefView.body.candidates[0]).toMatchObject({
      submitted: 1,
      expected: 5,
      published: false,
    });
  });

  it('publishing before every examiner has submitted is refused', async () => {
    const [candidate] = world.panel.candidates;
    const early = await http.post(
      `${forCandidate(candidate)}/publish`,
      {},
      world.panel.chief.token,
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SCORING_PANEL_INCOMPLETE');
    expect(early.body.details.missing).toHaveLength(4);
  });

  it('the clerk checks, only the chief publishes, once; the stored publication keeps inputs and result', async () => {
    const [candidate] = world.panel.candidates;
    const markers = [world.panel.chief, ...world.panel.examiners.slice(1)];
    for (const [index, examiner] of markers.entries()) {
      await http
        .post(
          `${forCandidate(candidate)}/marks/mine/submit`,
          { marks: marksFor([92, 88, 79, 90.5][index]) },
          examiner.token,
        )
        .expect(200);
    }
    const check = await http.post(`${forCandidate(candidate)}/check`, {}, world.panel.clerk.token);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ complete: true, result: { finalScore: 88.17 } });
    // totals 92, 86, 88, 79, 90.5 → drop 92 and 79 → 264.5 / 3
    expect(check.body.announcement['zh-CN']).toBe(
      '5 位考官评分，去掉一个最高分 92.00，去掉一个最低分 79.00，其余 3 位合计 264.50，最后得分 88.17',
    );
    const byClerk = await http.post(
      `${forCandidate(candidate)}/publish`,
      {},
      world.panel.clerk.token,
    );
    expect(byClerk.status).toBe(403);
    const published = await http.post(
      `${forCandidate(candidate)}/publish`,
      {},
      world.panel.chief.token,
    );
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ publishedScore: 88.17, currentScore: 88.17, slot: 1 });
    const twice = await http.post(
      `${forCandidate(candidate)}/publish`,
      {},
      world.panel.chief.token,
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SCORING_ALREADY_PUBLISHED');
    const [row] = await db.query<{
      final_score: string;
      sheets: unknown[];
      result: { keptSum: number };
    }>('SELECT final_score, sheets, result FROM score_publications WHERE candidate_id = $1', [
      candidate.id,
    ]);
    expect(row.final_score).toBe('88.17');
    expect(row.sheets).toHaveLength(5);
    expect(row.result.keptSum).toBe(264.5);
    const timeline = await db.query(
      `SELECT type FROM session_timeline WHERE type = 'score.published'`,
    );
    expect(timeline).toHaveLength(1);
  });

  it('after publication, examiners read the panel marks; the candidate reads the score without the examiners', async () => {
    const [candidate] = world.panel.candidates;
    const open = await http.get(
      `${forCandidate(candidate)}/sheets`,
      world.panel.examiners[1].token,
    );
    expect(open.status).toBe(200);
    const own = await http.get(`${forCandidate(candidate)}/publication`, candidate.token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ currentScore: 88.17 });
    expect(own.body.sheets).toBeUndefined();
    const someoneElse = await http.get(
      `${forCandidate(candidate)}/publication`,
      world.panel.candidates[1].token,
    );
    expect(someoneElse.status).toBe(403);
    // A proctor of the session runs the waiting room; the panel's sheets are not theirs to read.
    const proctor = world.other.examiners[0];
    await db.query(
      `INSERT INTO session_participants (session_id, user_id, role) VALUES ($1, $2, 'proctor')`,
      [world.sessionId, proctor.id],
    );
    try {
      const refused = await http.get(`${forCandidate(candidate)}/publication`, proctor.token);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('sheets');
    } finally {
      await db.query(`DELETE FROM session_participants WHERE session_id = $1 AND user_id = $2`, [
        world.sessionId,
        proctor.id,
      ]);
    }
  });

  it('a published score cannot be changed by marking, reopening or publishing again', async () => {
    const [candidate] = world.panel.candidates;
    const examiner = world.panel.examiners[2];
    const remark = await http.post(
      `${forCandidate(candidate)}/marks/mine/submit`,
      { marks: marksFor(50) },
      examiner.token,
    );
    expect(remark.status).toBe(409);
    expect(remark.body.code).toBe('SCORING_ALREADY_PUBLISHED');
    const reopen = await http.post(
      `${forCandidate(candidate)}/sheets/${examiner.id}/reopen`,
      {},
      world.panel.chief.token,
    );
    expect(reopen.status).toBe(409);
    const [row] = await db.query<{ final_score: string }>(
      'SELECT final_score FROM score_publications WHERE candidate_id = $1',
      [candidate.id],
    );
    expect(row.final_score).toBe('88.17');
  });

  it('a supervisor of the session confirms once; others may not', async () => {
    const [candidate] = world.panel.candidates;
    const byOther = await http.post(
      `${forCandidate(candidate)}/publication/confirm`,
      {},
      world.other.supervisor.token,
    );
    expect(byOther.status).toBe(403);
    const confirmed = await http.post(
      `${forCandidate(candidate)}/publication/confirm`,
      {},
      world.panel.supervisor.token,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedBy).toBe(world.panel.supervisor.id);
    const again = await http.post(
      `${forCandidate(candidate)}/publication/confirm`,
      {},
      world.panel.supervisor.token,
    );
    expect(again.status).toBe(409);
  });

  it('a correction takes effect only when the chief and a supervisor both approve; history keeps both scores', async () => {
    const [candidate] = world.panel.candidates;
    const examiner = world.panel.examiners[0];
    const requested = await http.post(
      `${forCandidate(candidate)}/publication/corrections`,
      {
        reason: '录入错误：一位考官总分应为 90',
        sheets: [{ examinerId: examiner.id, marks: marksFor(90) }],
      },
      world.panel.clerk.token,
    );
    expect(requested.status).toBe(201);
    // totals 92, 90, 88, 79, 90.5 → drop 92 and 79 → 268.5 / 3 = 89.5
    expect(requested.body).toMatchObject({
      status: 'pending',
      previousScore: 88.17,
      finalScore: 89.5,
    });
    const stillOld = await http.get(
      `${forCandidate(candidate)}/publication`,
      world.panel.chief.token,
    );
    expect(stillOld.body).toMatchObject({ currentScore: 88.17, corrected: false });
    const byExaminer = await http.post(
      `/scoring/corrections/${requested.body.id}/approve`,
      {},
      world.panel.examiners[1].token,
    );
    expect(byExaminer.status).toBe(403);
    const chief = await http.post(
      `/scoring/corrections/${requested.body.id}/approve`,
      {},
      world.panel.chief.token,
    );
    expect(chief.body.status).toBe('pending');
    const chiefTwice = await http.post(
      `/scoring/corrections/${requested.body.id}/approve`,
      {},
      world.panel.chief.token,
    );
    expect(chiefTwice.status).toBe(409);
    const supervisor = await http.post(
      `/scoring/corrections/${requested.body.id}/approve`,
      {},
      world.panel.supervisor.token,
    );
    expect(supervisor.body.status).toBe('approved');
    const now = await http.get(`${forCandidate(candidate)}/publication`, candidate.token);
    expect(now.body).toMatchObject({ publishedScore: 88.17, currentScore: 89.5, corrected: true });
    expect(now.body.corrections).toHaveLength(1);
    const actions = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'score.correct%' ORDER BY seq`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'score.correction.request',
      'score.correction.approve',
      'score.correct',
    ]);
  });

  it('ranks with ties shown, exports CSV (BOM) and XLSX, and charts examiners with leniency', async () => {
    const second = world.panel.candidates[1];
    await submitAll(second, [89.5, 89.5, 89.5, 89.5, 89.5]);
    await http.post(`${forCandidate(second)}/publish`, {}, world.panel.chief.token).expect(201);
    const ranking = await http.get(
      `/scoring/campaigns/${world.campaignId}/results`,
      world.panel.hr.token,
    );
    expect(ranking.status).toBe(200);
    expect(ranking.body).toHaveLength(1);
    expect(
      ranking.body[0].rows.map((r: { rank: number; tied: boolean; score: number }) => [
        r.rank,
        r.tied,
        r.score,
      ]),
    ).toEqual([
      [1, true, 89.5],
      [1, true, 89.5],
    ]);
    const byPost = await http.get(
      `/scoring/campaigns/${world.campaignId}/results?by=post`,
      world.panel.hr.token,
    );
    expect(byPost.body.map((g: { key: string }) => g.key)).toEqual(['SC-08-001', 'SC-08-002']);
    const csv = await http
      .get(`/scoring/campaigns/${world.campaignId}/results.csv`, world.panel.hr.token)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('89.50');
    const xlsx = await http
      .get(`/scoring/campaigns/${world.campaignId}/results.xlsx`, world.panel.hr.token)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const analytics = await http.get(
      `/scoring/campaigns/${world.campaignId}/analytics`,
      world.panel.hr.token,
    );
    expect(analytics.body.sessions[0]).toMatchObject({ count: 2, mean: 89.5 });
    const chief = analytics.body.leniency.find(
      (l: { examinerId: string }) => l.examinerId === world.panel.chief.id,
    );
    // candidate 1 (corrected): 92 − 87.9 = 4.1; candidate 2: 0 → mean 2.05
    expect(chief).toMatchObject({ candidateCount: 2, meanDeviation: 2.05 });
    const asExaminer = await http.get(
      `/scoring/campaigns/${world.campaignId}/results`,
      world.panel.examiners[0].token,
    );
    expect(asExaminer.status).toBe(403);
  });

  it("lists the published scores for the room: the panel, clerk and supervisor every one, a candidate their own, nobody's marks", async () => {
    const [first, second, unpublished] = world.panel.candidates;
    // A correction still waiting for its approvals is not announced, so not listed.
    await http
      .post(
        `${forCandidate(second)}/publication/corrections`,
        {
          reason: '待批准的更正',
          sheets: [{ examinerId: world.panel.examiners[0].id, marks: marksFor(80) }],
        },
        world.panel.clerk.token,
      )
      .expect(201);
    const [{ display_name: supervisorName }] = await db.query<{ display_name: string }>(
      'SELECT display_name FROM users WHERE id = $1',
      [world.panel.supervisor.id],
    );
    const list = `${base()}/publications`;
    const expected = (forCandidateCopy: boolean) => ({
      published: {
        publicationId: expect.any(String),
        sessionId: world.sessionId,
        candidateUserId: first.id,
        slot: 1,
        finalScore: 88.17,
        examinerCount: 5,
        announcement: {
          'zh-CN':
            '5 位考官评分，去掉一个最高分 92.00，去掉一个最低分 79.00，其余 3 位合计 264.50，最后得分 88.17',
          en: expect.any(String),
        },
        forCandidate: forCandidateCopy,
        publishedAt: expect.any(String),
      },
      confirmed: {
        publicationId: expect.any(String),
        sessionId: world.sessionId,
        candidateUserId: first.id,
        supervisorName,
        confirmedAt: expect.any(String),
      },
      corrections: [
        expect.objectContaining({
          candidateUserId: first.id,
          previousScore: 88.17,
          finalScore: 89.5,
          reason: '录入错误：一位考官总分应为 90',
          forCandidate: forCandidateCopy,
        }),
      ],
    });
    const staff = [
      world.panel.chief,
      ...world.panel.examiners,
      world.panel.clerk,
      world.panel.supervisor,
    ];
    for (const person of staff) {
      const response = await http.get(list, person.token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        expected(false),
        {
          published: expect.objectContaining({
            candidateUserId: second.id,
            finalScore: 89.5,
            forCandidate: false,
          }),
          confirmed: null,
          corrections: [],
        },
      ]);
      // The room's view: no rubric, sheets, marks or results of any examiner.
      expect(JSON.stringify(response.body)).not.toMatch(/"(sheets|marks|rubric|result|totals)"/);
    }
    const [firstListed] = (await http.get(list, world.panel.chief.token)).body;
    const stored = await http.get(`${forCandidate(first)}/publication`, world.panel.chief.token);
    expect(firstListed.published.publicationId).toBe(stored.body.id);
    expect(firstListed.confirmed.confirmedAt).toBe(stored.body.confirmedAt);

    // A candidate: only their own score, in the candidate's copy; nothing before publication.
    const own = await http.get(list, first.token).expect(200);
    expect(own.body).toEqual([expected(true)]);
    const secondOwn = await http.get(list, second.token).expect(200);
    expect(secondOwn.body).toHaveLength(1);
    expect(secondOwn.body[0].published).toMatchObject({
      candidateUserId: second.id,
      forCandidate: true,
    });
    expect(JSON.stringify(secondOwn.body)).not.toContain(first.id);
    expect((await http.get(list, unpublished.token).expect(200)).body).toEqual([]);

    // Another session's people, and organisers who sit on no panel of it, are refused.
    for (const outsider of [
      world.other.candidates[0],
      world.other.chief,
      world.other.examiners[0],
      world.other.supervisor,
      world.panel.hr,
    ]) {
      const refused = await http.get(list, outsider.token);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }
    expect((await http.get(list)).status).toBe(401);
    // Their own session lists nothing published yet.
    const otherList = `/scoring/sessions/${world.otherSessionId}/publications`;
    expect((await http.get(otherList, world.other.chief.token).expect(200)).body).toEqual([]);
  });
});

describe('bad input across the scoring endpoints: 4xx with a code, never a 500', () => {
  const zero = '00000000-0000-4000-8000-000000000000';
  it.each<[string, string, string, object | string | undefined, 'chief' | 'hr', number]>([
    ['malformed JSON', 'PUT', 'marks/mine', '{"marks": ', 'chief', 400],
    ['marks missing', 'PUT', 'marks/mine', {}, 'chief', 400],
    ['marks not an object', 'POST', 'marks/mine/submit', { marks: [1, 2] }, 'chief', 400],
    ['marks a string', 'POST', 'marks/mine/submit', { marks: 'eighty' }, 'chief', 400],
    ['unknown field', 'PUT', 'marks/mine', { marks: {}, extra: 1 }, 'chief', 400],
    [
      'too many marks',
      'PUT',
      'marks/mine',
      { marks: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 1])) },
      'chief',
      422,
    ],
    ['a huge number', 'PUT', 'marks/mine', { marks: { analysis: 1e308 } }, 'chief', 422],
    ['a null mark', 'PUT', 'marks/mine', { marks: { analysis: null } }, 'chief', 422],
    ['correction without reason', 'POST', 'publication/corrections', { sheets: [] }, 'chief', 400],
    [
      'correction with a bad examiner id',
      'POST',
      'publication/corrections',
      { reason: '录入错误更正', sheets: [{ examinerId: 'x', marks: {} }] },
      'chief',
      400,
    ],
  ])('%s', async (_label, method, suffix, body, who, status) => {
    const token = who === 'chief' ? world.panel.chief.token : world.panel.hr.token;
    const path = `${forCandidate(world.panel.candidates[2])}/${suffix}`;
    const response =
      method === 'PUT'
        ? await http.put(path, body as object, token)
        : await http.post(path, body, token);
    expect(response.status).toBe(status);
    expect(typeof response.body.code).toBe('string');
  });

  it.each<[string, () => string, 'chief' | 'hr', number]>([
    ['a session id that is not a uuid', () => '/scoring/sessions/not-a-uuid', 'chief', 400],
    ['an unknown session', () => `/scoring/sessions/${zero}`, 'chief', 404],
    ['an unknown candidate', () => `${base()}/candidates/${zero}/marks/mine`, 'chief', 422],
    ['an unknown publication', () => `${base()}/candidates/${zero}/publication`, 'chief', 404],
    [
      'a malformed session of the room list',
      () => '/scoring/sessions/x%27--/publications',
      'chief',
      400,
    ],
    [
      'an unknown session of the room list',
      () => `/scoring/sessions/${zero}/publications`,
      'chief',
      404,
    ],
    ['an unknown campaign', () => `/scoring/campaigns/${zero}/results`, 'hr', 404],
    ['a bad grouping', () => `/scoring/campaigns/${world.campaignId}/results?by=age`, 'hr', 400],
    ['an unknown campaign export', () => `/scoring/campaigns/${zero}/results.csv`, 'hr', 404],
  ])('GET with %s', async (_label, path, who, status) => {
    const token = who === 'chief' ? world.panel.chief.token : world.panel.hr.token;
    const response = await http.get(path(), token);
    expect(response.status).toBe(status);
  });

  it.each<[string, string, object, number]>([
    ['a bad category code', '/rubrics/%20drop', { dimensions: DEMO_RUBRIC }, 400],
    ['no dimensions', '/rubrics/09', { dimensions: [] }, 400],
    ['a zero maximum', '/rubrics/09', { dimensions: [{ key: 'a', label: 'A', max: 0 }] }, 400],
    [
      'a band beyond the maximum',
      '/rubrics/09',
      { dimensions: [{ key: 'a', label: 'A', max: 5, bands: [{ label: '好', min: 4, max: 9 }] }] },
      422,
    ],
    ['an unknown method', '/settings', { aggregationMethod: 'median' }, 400],
  ])('PUT a rubric or setting with %s', async (_label, suffix, body, status) => {
    const response = await http.put(
      `/scoring/campaigns/${world.campaignId}${suffix}`,
      body,
      world.panel.hr.token,
    );
    expect(response.status).toBe(status);
  });

  it('approving an unknown correction is a 404, a malformed id a 400; no login is a 401', async () => {
    expect(
      (await http.post(`/scoring/corrections/${zero}/approve`, {}, world.panel.chief.token)).status,
    ).toBe(404);
    expect(
      (await http.post('/scoring/corrections/nope/approve', {}, world.panel.chief.token)).status,
    ).toBe(400);
    expect((await http.get(base())).status).toBe(401);
  });

  it('a rubric cannot change once examiners have marked with it', async () => {
    const response = await http.put(
      `/scoring/campaigns/${world.campaignId}/rubrics/*`,
      { dimensions: DEMO_RUBRIC },
      world.panel.hr.token,
    );
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SCORING_RUBRIC_IN_USE');
  });
});
