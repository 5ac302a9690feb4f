import type { NestExpressApplication } from '@nestjs/platform-express';
import { verifyDrawRecord } from '@yunzhao/domain';
import { RecusalsService } from '@yunzhao/sessions';
import type { RoomTokenClaims } from '@yunzhao/contracts';
import * as jwt from 'jsonwebtoken';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { blockedBy, holdLocks, secondWaitsOnFirst } from '../support/lock-waits';
import { api, makeApplication, makeCampaign, makeUser, minutesFromNow, TestUser } from './fixtures';
import { addCategory as addCategoryTo } from '../support/categories';

let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
let jwtSecret: string;
const users: Record<string, TestUser> = {};
let campaignA: { campaignId: string; postId: string };
let campaignB: { campaignId: string; postId: string };
const apps: Record<string, string> = {};
let sessionId: string;

const ROLES: Record<string, string[]> = {
  hrofficer: ['hr'],
  chief1: ['chief_examiner'],
  chief2: ['chief_examiner'],
  ex1: ['examiner'],
  ex2: ['examiner'],
  ex3: ['examiner'],
  ex4: ['examiner'],
  clerk: ['score_clerk'],
  sup1: ['supervisor'],
  proctor1: ['proctor'],
  cand1: ['candidate'],
  cand2: ['candidate'],
  cand3: ['candidate'],
  cand4: ['candidate'],
  cand5: ['candidate'],
};

function sessionBody(overrides: Record<string, unknown> = {}) {
  return {
    campaignId: campaignA.campaignId,
    categoryCode: 'ENG',
    title: '工学类第 1 场',
    startsAt: minutesFromNow(10),
    endsAt: minutesFromNow(130),
    chiefExaminerId: users.chief1.id,
    examinerIds: [users.ex1.id, users.ex2.id],
    scoreClerkId: users.clerk.id,
    supervisorIds: [users.sup1.id],
    proctorIds: [users.proctor1.id],
    applicationIds: [apps.a1, apps.a2, apps.a3],
    ...overrides,
  };
}

async function auditEntries(action: string, subject?: string) {
  return db.query<{ actor: string; details: Record<string, unknown> }>(
    `SELECT actor, details FROM audit_log WHERE action = $1 ${subject ? 'AND subject = $2' : ''} ORDER BY seq`,
    subject ? [action, subject] : [action],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  const config = testConfig(db.url);
  jwtSecret = config.auth.jwtSecret;
  app = await createApiApp(config);
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries(ROLES)) {
    users[name] = await makeUser(app, admin.accessToken, name, roles);
  }
  campaignA = await makeCampaign(db, '2020 水城优才 A');
  campaignB = await makeCampaign(db, '2021 水城优才 B');
  apps.a1 = await makeApplication(db, campaignA, users.cand1.id);
  apps.a2 = await makeApplication(db, campaignA, users.cand2.id);
  apps.a3 = await makeApplication(db, campaignA, users.cand3.id);
  apps.a4Submitted = await makeApplication(db, campaignA, users.cand4.id, 'submitted');
  apps.a5 = await makeApplication(db, campaignA, users.cand5.id);
  apps.b1 = await makeApplication(db, campaignB, users.cand1.id);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('scheduling a session', () => {
  it('creates a session with its panel and candidates, audited, with the order commitment published', async () => {
    const response = await http.post('/sessions', sessionBody(), users.hrofficer.token).expect(201);
    sessionId = response.body.id;
    expect(response.body).toMatchObject({
      title: '工学类第 1 场',
      categoryCode: 'ENG',
      panel: {
        chiefExaminer: { userId: users.chief1.id, username: 'chief1' },
        scoreClerk: { userId: users.clerk.id },
        supervisors: [{ userId: users.sup1.id }],
        proctors: [{ userId: users.proctor1.id }],
      },
      orderDraw: { drawn: false, drawnAt: null },
      recusals: 0,
    });
    expect(response.body.panel.examiners.map((p: { username: string }) => p.username)).toEqual([
      'ex1',
      'ex2',
    ]);
    expect(response.body.slots.map((s: { applicationId: string }) => s.applicationId)).toEqual([
      apps.a1,
      apps.a2,
      apps.a3,
    ]);
    expect(response.body.orderDraw.commitment).toMatch(/^[0-9a-f]{64}$/);

    const [entry] = await auditEntries('session.create', `session:${sessionId}`);
    expect(entry.actor).toBe(`user:${users.hrofficer.id}`);
    expect(entry.details).toMatchObject({
      applicationIds: [apps.a1, apps.a2, apps.a3],
      orderCommitment: response.body.orderDraw.commitment,
    });

    const list = await http.get(
      `/sessions?campaignId=${campaignA.campaignId}`,
      users.hrofficer.token,
    );
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: sessionId, panelSize: 3, candidates: 3, orderDrawn: false }),
    ]);
  });

  it('refuses a session that does not end after it starts', async () => {
    const start = minutesFromNow(60);
    const response = await http
      .post(
        '/sessions',
        sessionBody({ startsAt: start, endsAt: start, applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(400);
    expect(response.body.code).toBe('SESSION_TIME_INVALID');
  });

  it('refuses an even panel (the chief counts) and names the size', async () => {
    const response = await http
      .post(
        '/sessions',
        sessionBody({
          examinerIds: [users.ex1.id, users.ex2.id, users.ex3.id],
          applicationIds: [],
        }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(response.body).toMatchObject({
      code: 'SESSION_PANEL_SIZE',
      details: { panelSize: 4, examiners: 3 },
    });
    expect(response.body.message).toContain('奇数');
    const lone = await http
      .post(
        '/sessions',
        sessionBody({ examinerIds: [], applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(lone.body.details.panelSize).toBe(1);
    // Five: chief + four examiners.
    await http
      .post(
        '/sessions',
        sessionBody({
          examinerIds: [users.ex1.id, users.ex2.id, users.ex3.id, users.ex4.id],
          applicationIds: [],
        }),
        users.hrofficer.token,
      )
      .expect(201);
  });

  it('refuses participants who do not hold the role their assignment needs', async () => {
    const wrongExaminer = await http
      .post(
        '/sessions',
        sessionBody({
          examinerIds: [users.ex1.id, users.sup1.id],
          supervisorIds: [users.ex3.id],
          applicationIds: [],
        }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(wrongExaminer.body.code).toBe('SESSION_PARTICIPANT_ROLE');
    expect(wrongExaminer.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: users.sup1.id, assignment: 'examiner' }),
        expect.objectContaining({ userId: users.ex3.id, assignment: 'supervisor' }),
      ]),
    );
    const examinerAsChief = await http
      .post(
        '/sessions',
        sessionBody({ chiefExaminerId: users.ex3.id, applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(examinerAsChief.body.details).toEqual([
      expect.objectContaining({ userId: users.ex3.id, requiredRoles: ['chief_examiner'] }),
    ]);
    const unknown = await http
      .post(
        '/sessions',
        sessionBody({ scoreClerkId: '00000000-0000-4000-8000-000000000000', applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(unknown.body.details[0]).toMatchObject({ found: false, assignment: 'score_clerk' });
    // A chief examiner may sit as an ordinary examiner.
    await http
      .post(
        '/sessions',
        sessionBody({ examinerIds: [users.ex1.id, users.chief2.id], applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(201);
  });

  it('refuses one person in two parts of the same session', async () => {
    const response = await http
      .post(
        '/sessions',
        sessionBody({ examinerIds: [users.ex1.id, users.chief1.id], applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(response.body).toMatchObject({
      code: 'SESSION_PARTICIPANT_REPEATED',
      details: { userIds: [users.chief1.id] },
    });
  });

  it('schedules only approved applications of the same campaign', async () => {
    const response = await http
      .post(
        '/sessions',
        sessionBody({
          applicationIds: [apps.a4Submitted, apps.b1, '00000000-0000-4000-8000-000000000001'],
        }),
        users.hrofficer.token,
      )
      .expect(422);
    expect(response.body.code).toBe('SESSION_APPLICATION_NOT_APPROVED');
    expect(response.body.details).toEqual([
      { applicationId: apps.a4Submitted, problem: 'not_approved', status: 'submitted' },
      { applicationId: apps.b1, problem: 'other_campaign' },
      { applicationId: '00000000-0000-4000-8000-000000000001', problem: 'not_found' },
    ]);
  });

  it('keeps a candidate to one session per campaign', async () => {
    const response = await http
      .post('/sessions', sessionBody({ applicationIds: [apps.a5, apps.a2] }), users.hrofficer.token)
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'SESSION_CANDIDATE_ALREADY_SCHEDULED',
      details: { scheduled: [{ applicationId: apps.a2, sessionId }] },
    });
    // The same candidate in another campaign is fine.
    await http
      .post(
        '/sessions',
        sessionBody({ campaignId: campaignB.campaignId, applicationIds: [apps.b1] }),
        users.hrofficer.token,
      )
      .expect(201);
    const picker = await http
      .get(`/scheduling/applications?campaignId=${campaignA.campaignId}`, users.hrofficer.token)
      .expect(200);
    expect(picker.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ applicationId: apps.a2, scheduledSessionId: sessionId }),
        expect.objectContaining({ applicationId: apps.a5, scheduledSessionId: null }),
      ]),
    );
    expect(picker.body.map((a: { applicationId: string }) => a.applicationId)).not.toContain(
      apps.a4Submitted,
    );
  });

  it('lets only HR and admins schedule, and shows a session only to its staff and overseers', async () => {
    await http.post('/sessions', sessionBody(), users.cand1.token).expect(403);
    await http.post('/sessions', sessionBody(), users.chief1.token).expect(403);
    await http.get(`/sessions/${sessionId}`, users.ex1.token).expect(200);
    await http.get(`/sessions/${sessionId}`, users.sup1.token).expect(200);
    await http.get(`/sessions/${sessionId}`, users.ex3.token).expect(403);
    await http.get(`/sessions/${sessionId}`, users.cand1.token).expect(403);
    await http
      .get('/sessions/00000000-0000-4000-8000-000000000000', users.hrofficer.token)
      .expect(404);
  });

  it('updates a session, audits what changed, and cannot move it to another campaign', async () => {
    const newEnd = minutesFromNow(150);
    const response = await http
      .patch(
        `/sessions/${sessionId}`,
        { endsAt: newEnd, title: '工学类第 1 场（调整）' },
        users.hrofficer.token,
      )
      .expect(200);
    expect(response.body).toMatchObject({ title: '工学类第 1 场（调整）', endsAt: newEnd });
    const [entry] = await auditEntries('session.update', `session:${sessionId}`);
    expect(entry.details).toMatchObject({
      changes: {
        endsAt: { after: newEnd },
        title: { before: '工学类第 1 场', after: '工学类第 1 场（调整）' },
      },
    });
    await http
      .patch(`/sessions/${sessionId}`, { campaignId: campaignB.campaignId }, users.hrofficer.token)
      .expect(400);
    const badPanel = await http
      .patch(`/sessions/${sessionId}`, { examinerIds: [users.ex1.id] }, users.hrofficer.token)
      .expect(422);
    expect(badPanel.body.code).toBe('SESSION_PANEL_SIZE');
  });
});

describe('conflicts of interest', () => {
  it('records an examiner’s own declaration, audited, and HR sees the flagged pair', async () => {
    const response = await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { candidateId: users.cand2.id, reason: 'same_institution' },
        users.ex1.token,
      )
      .expect(201);
    expect(response.body).toMatchObject({
      examiner: { userId: users.ex1.id },
      candidate: { userId: users.cand2.id },
      reason: 'same_institution',
      declaredBy: users.ex1.id,
    });
    const list = await http
      .get(`/sessions/${sessionId}/recusals`, users.hrofficer.token)
      .expect(200);
    expect(list.body).toHaveLength(1);
    const [entry] = await auditEntries('session.recusal.declare', `session:${sessionId}`);
    expect(entry.details).toMatchObject({
      examinerId: users.ex1.id,
      candidateId: users.cand2.id,
      reason: 'same_institution',
    });
    const recusals = app.get(RecusalsService);
    expect(await recusals.isRecused(sessionId, users.ex1.id, users.cand2.id)).toBe(true);
    expect(await recusals.isRecused(sessionId, users.ex1.id, users.cand1.id)).toBe(false);
    expect(await recusals.isRecused(sessionId, users.ex2.id, users.cand2.id)).toBe(false);
  });

  it('lets HR declare for an examiner of the session, with a note for "other"', async () => {
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { examinerId: users.chief1.id, candidateId: users.cand3.id, reason: 'other' },
        users.hrofficer.token,
      )
      .expect(400);
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        {
          examinerId: users.chief1.id,
          candidateId: users.cand3.id,
          reason: 'other',
          note: '曾为其导师',
        },
        users.hrofficer.token,
      )
      .expect(201);
    expect(
      await app.get(RecusalsService).isRecused(sessionId, users.chief1.id, users.cand3.id),
    ).toBe(true);
  });

  it('refuses declarations for others, outside the session, twice, or for non-scoring staff', async () => {
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { examinerId: users.ex2.id, candidateId: users.cand1.id, reason: 'relative' },
        users.ex1.token,
      )
      .expect(403);
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { candidateId: users.cand1.id, reason: 'relative' },
        users.ex3.token,
      )
      .expect(403);
    const outsider = await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { candidateId: users.cand5.id, reason: 'relative' },
        users.ex1.token,
      )
      .expect(422);
    expect(outsider.body).toMatchObject({
      code: 'SESSION_RECUSAL_INVALID',
      details: { candidateInSession: false },
    });
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { examinerId: users.clerk.id, candidateId: users.cand1.id, reason: 'relative' },
        users.hrofficer.token,
      )
      .expect(422);
    await http
      .post(
        `/sessions/${sessionId}/recusals`,
        { candidateId: users.cand2.id, reason: 'relative' },
        users.ex1.token,
      )
      .expect(409);
    await http.get(`/sessions/${sessionId}/recusals`, users.cand1.token).expect(403);
  });
});

describe('interview order by lot', () => {
  let commitment: string;

  it('publishes the commitment and hides the secret before the draw', async () => {
    const response = await http
      .get(`/sessions/${sessionId}/order-draw`, users.cand1.token)
      .expect(200);
    commitment = response.body.commitment;
    expect(response.body).toMatchObject({
      purpose: 'interview_order',
      drawn: false,
      algorithm: 'rfc3797-sha256-v1',
      secret: null,
      result: null,
    });
    await http.get(`/sessions/${sessionId}/order-draw`, users.cand5.token).expect(403);
  });

  it('lets only HR or the session’s chief draw', async () => {
    await http.post(`/sessions/${sessionId}/order-draw`, {}, users.ex1.token).expect(403);
    await http.post(`/sessions/${sessionId}/order-draw`, {}, users.chief2.token).expect(403);
    await http.post(`/sessions/${sessionId}/order-draw`, {}, users.cand1.token).expect(403);
  });

  it('draws a verifiable order, reveals the secret, renumbers the slots and audits it', async () => {
    const response = await http
      .post(`/sessions/${sessionId}/order-draw`, { publicValue: '4711' }, users.chief1.token)
      .expect(200);
    const record = response.body;
    expect(record).toMatchObject({ drawn: true, commitment, count: 3 });
    expect(record.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(record.sources[0]).toBe(sessionId);
    expect(new Date(record.sources[1]).toISOString()).toBe(record.sources[1]);
    expect(record.sources[2]).toBe('4711');
    expect([...record.items]).toEqual([apps.a1, apps.a2, apps.a3].sort());
    expect(
      verifyDrawRecord({
        algorithm: record.algorithm,
        commitment: record.commitment,
        secret: record.secret,
        sources: record.sources,
        items: record.items,
        count: record.count,
        result: record.result,
      }),
    ).toEqual({ ok: true });
    const tampered = verifyDrawRecord({ ...record, result: [...record.result].reverse() });
    expect(tampered.ok).toBe(false);

    const session = await http.get(`/sessions/${sessionId}`, users.hrofficer.token).expect(200);
    expect(session.body.slots.map((s: { applicationId: string }) => s.applicationId)).toEqual(
      record.result,
    );
    expect(session.body.slots.map((s: { position: number }) => s.position)).toEqual([1, 2, 3]);
    const [entry] = await auditEntries('session.order_draw', `session:${sessionId}`);
    expect(entry.actor).toBe(`user:${users.chief1.id}`);
    expect(entry.details).toMatchObject({ commitment, result: record.result });
  });

  it('draws only once and freezes the candidate list afterwards', async () => {
    const again = await http
      .post(`/sessions/${sessionId}/order-draw`, {}, users.hrofficer.token)
      .expect(409);
    expect(again.body.code).toBe('SESSION_ORDER_ALREADY_DRAWN');
    await http
      .patch(
        `/sessions/${sessionId}`,
        { applicationIds: [apps.a1, apps.a2] },
        users.hrofficer.token,
      )
      .expect(409);
  });

  it('refuses to draw for a session without candidates', async () => {
    const empty = await http
      .post(
        '/sessions',
        sessionBody({ campaignId: campaignB.campaignId, applicationIds: [] }),
        users.hrofficer.token,
      )
      .expect(201);
    const response = await http
      .post(`/sessions/${empty.body.id}/order-draw`, {}, users.hrofficer.token)
      .expect(422);
    expect(response.body.code).toBe('SESSION_NO_CANDIDATES');
  });
});

describe('schedules', () => {
  it('shows staff their sessions with their part', async () => {
    const response = await http.get('/my/sessions', users.ex1.token).expect(200);
    const mine = response.body.find((s: { id: string }) => s.id === sessionId);
    expect(mine).toMatchObject({ role: 'examiner', orderDrawn: true, candidates: 3 });
    const supervisor = await http.get('/my/sessions', users.sup1.token).expect(200);
    expect(supervisor.body.find((s: { id: string }) => s.id === sessionId).role).toBe('supervisor');
    await http.get('/my/sessions', users.cand1.token).expect(403);
  });

  it('shows a candidate their time and slot but not who sits on the panel', async () => {
    const session = await http.get(`/sessions/${sessionId}`, users.hrofficer.token).expect(200);
    const slotOfCand2 = session.body.slots.find(
      (s: { candidate: { userId: string } }) => s.candidate.userId === users.cand2.id,
    ).position;
    const response = await http.get('/my/interviews', users.cand2.token).expect(200);
    expect(response.body).toEqual([
      expect.objectContaining({ sessionId, orderDrawn: true, slot: slotOfCand2 }),
    ]);
    const text = JSON.stringify(response.body);
    for (const name of ['chief1', 'ex1', 'ex2', 'clerk', 'sup1', 'proctor1']) {
      expect(text).not.toContain(name);
    }
    expect(response.body[0]).not.toHaveProperty('panel');
    await http.get('/my/interviews', users.ex1.token).expect(403);
  });
});

describe('room tokens', () => {
  const decode = (token: string) =>
    jwt.verify(token, jwtSecret, {
      issuer: 'yunzhao',
      algorithms: ['HS256'],
    }) as RoomTokenClaims & {
      exp: number;
      iat: number;
    };

  it('issues a short-lived token to each participant with their part in the session', async () => {
    const before = Math.floor(Date.now() / 1000);
    const chief = await http
      .post(`/sessions/${sessionId}/room-token`, {}, users.chief1.token)
      .expect(200);
    expect(chief.body.mediaUrl).toBe('http://127.0.0.1:3100');
    const claims = decode(chief.body.token);
    expect(claims).toMatchObject({
      typ: 'room',
      sub: users.chief1.id,
      sid: sessionId,
      role: 'chief_examiner',
      name: 'chief1',
      device: 'main',
    });
    expect(claims.slot).toBeUndefined();
    expect(claims.exp).toBeGreaterThanOrEqual(before + 600);
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(new Date(chief.body.expiresAt).getTime()).toBe(claims.exp * 1000);
    const session = await http.get(`/sessions/${sessionId}`, users.hrofficer.token).expect(200);
    expect(claims.windowStart).toBe(Math.floor(new Date(session.body.startsAt).getTime() / 1000));
    expect(claims.windowEnd).toBe(Math.floor(new Date(session.body.endsAt).getTime() / 1000));

    const candidate = decode(
      (
        await http
          .post(`/sessions/${sessionId}/room-token`, { device: 'main' }, users.cand2.token)
          .expect(200)
      ).body.token,
    );
    expect(candidate).toMatchObject({ role: 'candidate', sub: users.cand2.id, sid: sessionId });
    expect(candidate.slot).toBeGreaterThanOrEqual(1);
    for (const [name, role] of [
      ['sup1', 'supervisor'],
      ['proctor1', 'proctor'],
      ['clerk', 'score_clerk'],
      ['ex2', 'examiner'],
    ]) {
      const response = await http
        .post(`/sessions/${sessionId}/room-token`, {}, users[name].token)
        .expect(200);
      expect(decode(response.body.token).role).toBe(role);
    }
    const issued = await auditEntries('session.room_token.issue', `session:${sessionId}`);
    expect(issued.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(issued)).not.toContain(chief.body.token);
  });

  it('refuses anyone who is not scheduled in the session, organisers included', async () => {
    for (const name of ['ex3', 'cand5', 'hrofficer', 'chief2']) {
      const response = await http
        .post(`/sessions/${sessionId}/room-token`, {}, users[name].token)
        .expect(403);
      expect(response.body.code).toBe('SESSION_NOT_PARTICIPANT');
    }
    await http.post(`/sessions/${sessionId}/room-token`, {}).expect(401);
    await http
      .post('/sessions/00000000-0000-4000-8000-000000000000/room-token', {}, users.chief1.token)
      .expect(404);
  });

  it('refuses outside the window and says when the window is', async () => {
    const later = await http
      .post(
        '/sessions',
        sessionBody({
          campaignId: campaignB.campaignId,
          startsAt: minutesFromNow(24 * 60),
          endsAt: minutesFromNow(26 * 60),
          applicationIds: [],
        }),
        users.hrofficer.token,
      )
      .expect(201);
    const early = await http
      .post(`/sessions/${later.body.id}/room-token`, {}, users.chief1.token)
      .expect(422);
    expect(early.body.code).toBe('SESSION_OUTSIDE_JOIN_WINDOW');
    expect(early.body.details.windowStart).toBe(
      new Date(new Date(later.body.startsAt).getTime() - 30 * 60_000).toISOString(),
    );
    expect(early.body.details.windowEnd).toBe(
      new Date(new Date(later.body.endsAt).getTime() + 30 * 60_000).toISOString(),
    );
    const past = await http
      .post(
        '/sessions',
        sessionBody({
          campaignId: campaignB.campaignId,
          startsAt: minutesFromNow(-180),
          endsAt: minutesFromNow(-31),
          applicationIds: [],
        }),
        users.hrofficer.token,
      )
      .expect(201);
    await http.post(`/sessions/${past.body.id}/room-token`, {}, users.chief1.token).expect(422);
  });

  it('gives a side-camera token only to the candidate', async () => {
    await http
      .post(`/sessions/${sessionId}/room-token`, { device: 'side' }, users.ex1.token)
      .expect(400);
  });
});

describe('second camera (双机位)', () => {
  it('trades a one-time code for the candidate’s side-camera token, once', async () => {
    const link = await http
      .post(`/sessions/${sessionId}/side-camera-link`, {}, users.cand1.token)
      .expect(201);
    expect(link.body.url).toBe(`/side-camera?code=${link.body.code}`);
    const expiresIn = new Date(link.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    const stored = await db.query<{ code_hash: string }>('SELECT code_hash FROM side_camera_codes');
    expect(stored.map((row) => row.code_hash)).not.toContain(link.body.code);

    const redeemed = await http.post('/side-camera/redeem', { code: link.body.code }).expect(200);
    const claims = jwt.verify(redeemed.body.token, jwtSecret, {
      issuer: 'yunzhao',
    }) as RoomTokenClaims;
    expect(claims).toMatchObject({
      sub: users.cand1.id,
      sid: sessionId,
      role: 'candidate',
      device: 'side',
    });

    const again = await http.post('/side-camera/redeem', { code: link.body.code }).expect(410);
    expect(again.body.code).toBe('JOIN_CODE_USED');
    const [entry] = await auditEntries('session.side_camera.redeem', `session:${sessionId}`);
    expect(entry.actor).toBe(`user:${users.cand1.id}`);
  });

  it('renews the phone’s side pass with the one it holds, naming the session’s media node', async () => {
    const link = await http
      .post(`/sessions/${sessionId}/side-camera-link`, {}, users.cand2.token)
      .expect(201);
    const side = await http.post('/side-camera/redeem', { code: link.body.code }).expect(200);
    const renewed = await http.post('/side-camera/renew', { token: side.body.token }).expect(200);
    expect(jwt.verify(renewed.body.token, jwtSecret, { issuer: 'yunzhao' })).toMatchObject({
      sub: users.cand2.id,
      sid: sessionId,
      role: 'candidate',
      device: 'side',
    });
    const main = await http.post(`/sessions/${sessionId}/room-token`, {}, users.cand2.token);
    expect(renewed.body.mediaUrl).toBe(main.body.mediaUrl);

    // Only a side pass of ours renews: not a main pass, not one signed elsewhere, not garbage.
    const refusedWith = async (body: object, status: number) =>
      (await http.post('/side-camera/renew', body).expect(status)).body.code;
    expect(await refusedWith({ token: main.body.token }, 401)).toBe('UNAUTHENTICATED');
    const forged = jwt.sign(
      { typ: 'room', sub: users.cand2.id, sid: sessionId, role: 'candidate', device: 'side' },
      'another-secret-another-secret-xx',
      { issuer: 'yunzhao' },
    );
    expect(await refusedWith({ token: forged }, 401)).toBe('UNAUTHENTICATED');
    expect(await refusedWith({ token: 'not a token' }, 400)).toBe('VALIDATION_FAILED');
    expect(await refusedWith({}, 400)).toBe('VALIDATION_FAILED');
    expect(await refusedWith({ token: side.body.token, device: 'main' }, 400)).toBe(
      'VALIDATION_FAILED',
    );
    // A candidate taken off the platform keeps no camera in the room.
    await db.query(`UPDATE users SET disabled = true WHERE id = $1`, [users.cand2.id]);
    try {
      expect(await refusedWith({ token: side.body.token }, 403)).toBe('SESSION_NOT_PARTICIPANT');
    } finally {
      await db.query(`UPDATE users SET disabled = false WHERE id = $1`, [users.cand2.id]);
    }
  });

  it('refuses an unknown or expired code, and links for anyone but the candidate', async () => {
    await http.post('/side-camera/redeem', { code: 'A'.repeat(32) }).expect(404);
    const link = await http
      .post(`/sessions/${sessionId}/side-camera-link`, {}, users.cand3.token)
      .expect(201);
    await db.query(`UPDATE side_camera_codes SET expires_at = now() - interval '1 second'`);
    const expired = await http.post('/side-camera/redeem', { code: link.body.code }).expect(410);
    expect(expired.body.code).toBe('JOIN_CODE_EXPIRED');
    await http.post(`/sessions/${sessionId}/side-camera-link`, {}, users.ex1.token).expect(403);
    await http.post(`/sessions/${sessionId}/side-camera-link`, {}, users.cand5.token).expect(403);
  });
});

describe('mock interview', () => {
  it('gives any candidate a mock room of their own, at any time', async () => {
    const response = await http
      .post('/mock-interview/room-token', {}, users.cand5.token)
      .expect(200);
    const claims = jwt.verify(response.body.token, jwtSecret, {
      issuer: 'yunzhao',
    }) as RoomTokenClaims;
    expect(claims).toMatchObject({
      typ: 'room',
      sub: users.cand5.id,
      sid: `mock-${users.cand5.id}`,
      role: 'candidate',
      mock: true,
      device: 'main',
    });
    expect(claims.windowEnd - claims.windowStart).toBe(3600);
    expect(Math.abs(claims.windowStart - Date.now() / 1000)).toBeLessThan(60);
    await http.post('/mock-interview/room-token', {}, users.ex1.token).expect(403);
  });
});

describe('the category a session names', () => {
  // A campaign and a panel of their own, so that nothing here shows in the other tests' lists.
  // Its only category is ENG; the tests add the others they need.
  let campaignId: string;
  const staff: Record<string, TestUser> = {};
  const unknownCampaign = '00000000-0000-4000-8000-0000000000ca';

  function body(overrides: Record<string, unknown> = {}) {
    return {
      campaignId,
      categoryCode: 'ENG',
      title: '类别测试',
      startsAt: minutesFromNow(20),
      endsAt: minutesFromNow(80),
      chiefExaminerId: staff.chief.id,
      examinerIds: [staff.exa.id, staff.exb.id],
      supervisorIds: [staff.sup.id],
      ...overrides,
    };
  }

  const addCategory = (code: string) => addCategoryTo(db, campaignId, code);

  const removeCategory = (categoryId: string) =>
    request(app.getHttpServer())
      .delete(`/api/campaigns/${campaignId}/categories/${categoryId}`)
      .set('Authorization', `Bearer ${users.hrofficer.token}`);

  const sessionsWith = async (code: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM interview_sessions WHERE campaign_id = $1 AND category_code = $2',
          [campaignId, code],
        )
      )[0].n,
    );

  beforeAll(async () => {
    ({ campaignId } = await makeCampaign(db, '2022 类别测试'));
    const admin = await login(app);
    for (const [name, roles] of Object.entries({
      chief: ['chief_examiner'],
      exa: ['examiner'],
      exb: ['examiner'],
      sup: ['supervisor'],
    })) {
      staff[name] = await makeUser(app, admin.accessToken, `category-${name}`, roles);
    }
  });

  it('is refused on creation and on update unless the campaign has that category', async () => {
    const refused = await http
      .post('/sessions', body({ categoryCode: 'SCI' }), users.hrofficer.token)
      .set('Accept-Language', 'en')
      .expect(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        {
          field: 'categoryCode',
          messages: ['categoryCode names no category of this campaign: SCI'],
        },
      ],
    });
    const inChinese = await http
      .post('/sessions', body({ categoryCode: 'SCI' }), users.hrofficer.token)
      .expect(400);
    expect(inChinese.body.details[0].messages[0]).toBe(
      'categoryCode 不是本招聘活动已有的学科类别代码：SCI',
    );
    // Codes are per campaign: another campaign's SCI does not count.
    await db.query(
      `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
       VALUES ($1, 'SCI', '理学类', 'Science')`,
      [campaignB.campaignId],
    );
    await http.post('/sessions', body({ categoryCode: 'SCI' }), users.hrofficer.token).expect(400);
    await http
      .post('/sessions', body({ campaignId: unknownCampaign }), users.hrofficer.token)
      .expect(404);
    expect(await sessionsWith('SCI')).toBe(0);

    const created = await http.post('/sessions', body(), users.hrofficer.token).expect(201);
    expect(created.body.categoryCode).toBe('ENG');
    const moved = await http
      .patch(`/sessions/${created.body.id}`, { categoryCode: 'SCI' }, users.hrofficer.token)
      .expect(400);
    expect(moved.body.details[0].field).toBe('categoryCode');
    expect(await sessionsWith('SCI')).toBe(0);

    await addCategory('SCI');
    const updated = await http
      .patch(`/sessions/${created.body.id}`, { categoryCode: 'SCI' }, users.hrofficer.token)
      .expect(200);
    expect(updated.body.categoryCode).toBe('SCI');
    await http.post('/sessions', body({ categoryCode: 'SCI' }), users.hrofficer.token).expect(201);
    expect(await sessionsWith('SCI')).toBe(2);
  });

  it('a deletion that comes while a session is being created for the category waits, then refuses', async () => {
    const categoryId = await addCategory('LAW');
    const [created, refused] = await secondWaitsOnFirst(
      db,
      () => http.post('/sessions', body({ categoryCode: 'LAW' }), users.hrofficer.token),
      () => removeCategory(categoryId),
    );
    expect(created.status).toBe(201);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'IN_USE', details: { sessions: 1 } });
    expect(await sessionsWith('LAW')).toBe(1);
  });

  it('a rename of the category does not wait for a session being created for it', async () => {
    const categoryId = await addCategory('ECO');
    // The creation stops at its audit entry, holding the category row FOR KEY SHARE.
    const holder = await holdLocks(db);
    let creating: Promise<request.Response> | undefined;
    let renaming: Promise<request.Response> | undefined;
    try {
      await holder.query('LOCK TABLE audit_log IN SHARE MODE');
      creating = Promise.resolve(
        http.post('/sessions', body({ categoryCode: 'ECO' }), users.hrofficer.token),
      );
      const creator = await blockedBy(db, holder.pid, 'INSERT INTO audit_log%');
      renaming = Promise.resolve(
        http.patch(
          `/campaigns/${campaignId}/categories/${categoryId}`,
          { nameZh: '经济学（新）' },
          users.hrofficer.token,
        ),
      );
      // The rename got past the category row: it too waits only for its audit entry.
      await blockedBy(db, holder.pid, 'INSERT INTO audit_log%', 10_000, [creator]);
    } finally {
      await holder.end('COMMIT');
    }
    expect((await creating).status).toBe(201);
    const renamed = await renaming;
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ code: 'ECO', nameZh: '经济学（新）' });
    expect(await sessionsWith('ECO')).toBe(1);
  });

  it('a session created while its category is being deleted waits, then finds no category', async () => {
    const categoryId = await addCategory('MED');
    const [deleted, refused] = await secondWaitsOnFirst(
      db,
      () => removeCategory(categoryId),
      () => http.post('/sessions', body({ categoryCode: 'MED' }), users.hrofficer.token),
    );
    expect(deleted.status).toBe(204);
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('categoryCode');
    expect(await sessionsWith('MED')).toBe(0);
  });
});
