// Scoring fixtures. Campaigns and applications are written straight into their tables (as the
// sessions tests do); sessions are created through the sessions API, rubrics through ours.
import type { INestApplication } from '@nestjs/common';
import { SHUICHENG_RULE } from '@yunzhao/domain';
import { DEMO_RUBRIC } from '@yunzhao/scoring';
import request from 'supertest';
import { insertApplication } from '../support/applications';
import type { TestDatabase } from '../support/database';
import { login, makeUser } from '../support/http';
import type { TestUser } from '../support/http';

export { makeUser };
export type { TestUser };

export async function makeCampaign(db: TestDatabase, name: string) {
  const [campaign] = await db.query<{ id: string }>(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ($1, now() - interval '30 days', now() - interval '1 day', 'closed', $2::jsonb)
     RETURNING id`,
    [name, JSON.stringify(SHUICHENG_RULE)],
  );
  const [category] = await db.query<{ id: string }>(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
     VALUES ($1, '08', '工学', 'Engineering') RETURNING id`,
    [campaign.id],
  );
  const posts: string[] = [];
  for (const code of ['SC-08-001', 'SC-08-002']) {
    const [post] = await db.query<{ id: string }>(
      `INSERT INTO posts (campaign_id, category_id, code, title, quota)
       VALUES ($1, $2, $3, $4, 2) RETURNING id`,
      [campaign.id, category.id, code, `工学岗位 ${code}`],
    );
    posts.push(post.id);
  }
  return { campaignId: campaign.id, postIds: posts };
}

export async function makeApplication(
  db: TestDatabase,
  campaignId: string,
  postId: string,
  candidateId: string,
): Promise<string> {
  return insertApplication(db, { campaignId, postId, candidateId });
}

export const minutesFromNow = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

export function api(app: INestApplication) {
  const server = app.getHttpServer();
  const withToken = (call: request.Test, token?: string) =>
    token ? call.set('Authorization', `Bearer ${token}`) : call;
  return {
    get: (path: string, token?: string) => withToken(request(server).get(`/api${path}`), token),
    post: (path: string, body: object | string | undefined, token?: string) => {
      const call = withToken(request(server).post(`/api${path}`), token);
      if (typeof body === 'string') call.set('Content-Type', 'application/json');
      return body === undefined ? call : call.send(body);
    },
    put: (path: string, body: object | string, token?: string) => {
      const call = withToken(request(server).put(`/api${path}`), token);
      if (typeof body === 'string') call.set('Content-Type', 'application/json');
      return call.send(body);
    },
  };
}

export type Api = ReturnType<typeof api>;

/** The demo sheet's keys with marks adding up to `total` (each a share of its max). */
export const DIMENSIONS: [string, number][] = [
  ['analysis', 17],
  ['expression', 17],
  ['adaptability', 14],
  ['planning', 14],
  ['interpersonal', 13],
  ['emotionalControl', 10],
  ['motivation', 7],
  ['bearing', 8],
];

export function marksFor(total: number): Record<string, number> {
  const target = Math.round(total * 100);
  const values = DIMENSIONS.map(([, max]) => Math.floor((max * target) / 100));
  values[values.length - 1] += target - values.reduce((s, v) => s + v, 0);
  return Object.fromEntries(DIMENSIONS.map(([key], i) => [key, values[i] / 100]));
}

export interface Panel {
  hr: TestUser;
  chief: TestUser;
  examiners: TestUser[];
  clerk: TestUser;
  supervisor: TestUser;
  candidates: TestUser[];
}

export interface ScoringWorld {
  campaignId: string;
  sessionId: string;
  panel: Panel;
  /** A second session with its own people, for "another session receives nothing". */
  otherSessionId: string;
  other: Panel;
  adminToken: string;
}

async function makePanel(
  app: INestApplication,
  adminToken: string,
  tag: string,
  hr: TestUser,
  candidates: number,
): Promise<Panel> {
  const make = (name: string, roles: string[]) => makeUser(app, adminToken, `${tag}${name}`, roles);
  return {
    hr,
    chief: await make('chief', ['chief_examiner']),
    examiners: await Promise.all([1, 2, 3, 4].map((n) => make(`exam${n}`, ['examiner']))),
    clerk: await make('clerk', ['score_clerk']),
    supervisor: await make('sup', ['supervisor']),
    candidates: await Promise.all(
      Array.from({ length: candidates }, (_, n) => make(`cand${n + 1}`, ['candidate'])),
    ),
  };
}

async function makeSession(
  http: Api,
  db: TestDatabase,
  campaign: { campaignId: string; postIds: string[] },
  panel: Panel,
  title: string,
) {
  const applicationIds: string[] = [];
  for (const [index, candidate] of panel.candidates.entries()) {
    applicationIds.push(
      await makeApplication(db, campaign.campaignId, campaign.postIds[index % 2], candidate.id),
    );
  }
  const created = await http.post(
    '/sessions',
    {
      campaignId: campaign.campaignId,
      categoryCode: '08',
      title,
      startsAt: minutesFromNow(-5),
      endsAt: minutesFromNow(60),
      chiefExaminerId: panel.chief.id,
      examinerIds: panel.examiners.map((e) => e.id),
      scoreClerkId: panel.clerk.id,
      supervisorIds: [panel.supervisor.id],
      applicationIds,
    },
    panel.hr.token,
  );
  if (created.status !== 201)
    throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
  return (created.body as { id: string }).id;
}

/**
 * Two sessions of one campaign with the demo rubric: five examiners (chief + 4) each. The rubric
 * is set by HR through the api, unless `demoRubric: false` (a test that sets it itself).
 */
export async function makeScoringWorld(
  app: INestApplication,
  db: TestDatabase,
  candidates = 3,
  { demoRubric = true } = {},
): Promise<ScoringWorld> {
  const http = api(app);
  const admin = await login(app);
  const hr = await makeUser(app, admin.accessToken, 'hrofficer', ['hr']);
  const campaign = await makeCampaign(db, '水城优才（评分测试）');
  const panel = await makePanel(app, admin.accessToken, 'a', hr, candidates);
  const other = await makePanel(app, admin.accessToken, 'b', hr, 1);
  const sessionId = await makeSession(http, db, campaign, panel, '工学类第一场');
  const otherSessionId = await makeSession(http, db, campaign, other, '工学类第二场');
  if (demoRubric)
    await http
      .put(
        `/scoring/campaigns/${campaign.campaignId}/rubrics/*`,
        { dimensions: DEMO_RUBRIC },
        hr.token,
      )
      .expect(200);
  return {
    campaignId: campaign.campaignId,
    sessionId,
    panel,
    otherSessionId,
    other,
    adminToken: admin.accessToken,
  };
}
