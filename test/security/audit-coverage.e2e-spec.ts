import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuditService } from '@yunzhao/audit';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { approvedCandidate, openWindow } from '../matching/fixtures';
import { insertSegment, makeWebm } from '../recording/archive-fixtures';
import { api, Api, makeScoringWorld, marksFor, ScoringWorld } from '../scoring/fixtures';
import { insertApplication } from '../support/applications';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser } from '../support/http';

/**
 * Each audited action, done the way a user does it, leaves its entry (who, what, on what);
 * afterwards the hash chain verifies.
 */
let db: TestDatabase;
let app: NestExpressApplication;
let http: Api;
let world: ScoringWorld;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-sec-audit-'));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { RECORDING_DIR: recordingDir }));
  http = api(app);
  world = await makeScoringWorld(app, db, 1);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  fs.rmSync(recordingDir, { recursive: true, force: true });
});

const entries = (action: string, subject?: string) =>
  db.query<{ actor: string; subject: string; details: Record<string, unknown> }>(
    `SELECT actor, subject, details FROM audit_log WHERE action = $1
       AND ($2::text IS NULL OR subject = $2) ORDER BY seq`,
    [action, subject ?? null],
  );

describe('every audited action writes its entry', () => {
  it('login, failed login', async () => {
    await login(app, world.panel.hr.username, `${world.panel.hr.username}-password-1`);
    const ok = await entries('auth.login');
    expect(ok.some((e) => e.actor === `user:${world.panel.hr.id}`)).toBe(true);
    await http.post('/auth/login', { username: world.panel.hr.username, password: 'wrong-1234' });
    expect((await entries('auth.login_failed')).length).toBeGreaterThan(0);
  });

  it('an admin action', async () => {
    const created = await makeUser(app, world.adminToken, 'audited_user', ['examiner']);
    const [entry] = await entries('user.create', `user:${created.id}`);
    expect(entry.actor).toMatch(/^user:/);
    await request(app.getHttpServer())
      .patch(`/api/users/${created.id}`)
      .set('Authorization', `Bearer ${world.adminToken}`)
      .send({ roles: ['examiner', 'proctor'] })
      .expect(200);
    expect(await entries('user.update', `user:${created.id}`)).toHaveLength(1);
  });

  it('an admin setting a new password, without the password', async () => {
    const created = await makeUser(app, world.adminToken, 'audited_reset', ['examiner']);
    const password = 'audited-new-password-1';
    await request(app.getHttpServer())
      .post(`/api/users/${created.id}/password`)
      .set('Authorization', `Bearer ${world.adminToken}`)
      .send({ password })
      .expect(204);
    const [entry] = await entries('user.password.reset', `user:${created.id}`);
    expect(entry.actor).toMatch(/^user:/);
    expect(entry.details).toEqual({ accessTokensRevoked: true, refreshTokensRevoked: 1 });
    expect(JSON.stringify(entry)).not.toContain(password);
  });

  it('a review decision', async () => {
    const candidate = await makeUser(app, world.adminToken, 'audited_cand', ['candidate']);
    const [post] = await db.query<{ id: string }>('SELECT id FROM posts WHERE campaign_id = $1', [
      world.campaignId,
    ]);
    const applicationId = await insertApplication(db, {
      campaignId: world.campaignId,
      postId: post.id,
      candidateId: candidate.id,
      status: 'submitted',
    });
    await http
      .post(
        `/review/applications/${applicationId}/decision`,
        { decision: 'approve', reason: '材料齐全，符合条件' },
        world.panel.hr.token,
      )
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [entry] = await entries('application.approve', `application:${applicationId}`);
    expect(entry.actor).toBe(`user:${world.panel.hr.id}`);
  });

  it('a draw (interview order)', async () => {
    await http
      .post(
        `/sessions/${world.sessionId}/order-draw`,
        { publicValue: '4711' },
        world.panel.hr.token,
      )
      .expect(200);
    const [entry] = await entries('session.order_draw');
    expect(entry.actor).toBe(`user:${world.panel.hr.id}`);
    expect(entry.subject).toContain(world.sessionId);
  });

  it('mark submission, publication and correction', async () => {
    const [candidate] = world.panel.candidates;
    const base = `/scoring/sessions/${world.sessionId}/candidates/${candidate.id}`;
    const markers = [world.panel.chief, ...world.panel.examiners];
    for (const [index, examiner] of markers.entries()) {
      await http
        .post(`${base}/marks/mine/submit`, { marks: marksFor(80 + index) }, examiner.token)
        .expect(200);
    }
    const submits = await entries('score.submit');
    expect(submits.map((e) => e.actor).sort()).toEqual(markers.map((m) => `user:${m.id}`).sort());
    await http.post(`${base}/publish`, {}, world.panel.chief.token).expect(201);
    expect((await entries('score.publish'))[0].actor).toBe(`user:${world.panel.chief.id}`);
    const requested = await http
      .post(
        `${base}/publication/corrections`,
        {
          reason: '录入错误：一位考官总分应为 90',
          sheets: [{ examinerId: world.panel.examiners[0].id, marks: marksFor(90) }],
        },
        world.panel.clerk.token,
      )
      .expect(201);
    for (const approver of [world.panel.chief, world.panel.supervisor])
      await http
        .post(`/scoring/corrections/${requested.body.id}/approve`, {}, approver.token)
        .expect(200);
    expect((await entries('score.correction.request'))[0].actor).toBe(
      `user:${world.panel.clerk.id}`,
    );
    expect(await entries('score.correction.approve')).not.toHaveLength(0);
    expect(await entries('score.correct')).toHaveLength(1);
  });

  it('recording access, granted and refused', async () => {
    const video = path.join(recordingDir, 'source.webm');
    await makeWebm(video, 2);
    const segment = await insertSegment(db, recordingDir, video, {
      sessionId: world.sessionId,
      userId: world.panel.candidates[0].id,
      withJob: false,
    });
    const bytes = fs.readFileSync(segment.file);
    await db.query(
      `UPDATE recording_segments SET status = 'finalised', size_bytes = $2, duration_ms = 2000,
         streams = '[]'::jsonb, sha256 = $3, finalised_at = now() WHERE id = $1`,
      [segment.segmentId, bytes.length, createHash('sha256').update(bytes).digest('hex')],
    );
    await http
      .post(`/recordings/segments/${segment.segmentId}/playback`, {}, world.panel.supervisor.token)
      .expect(200);
    await http
      .post(`/recordings/segments/${segment.segmentId}/playback`, {}, world.panel.chief.token)
      .expect(403);
    const granted = await entries('recording.access');
    expect(granted.some((e) => e.actor === `user:${world.panel.supervisor.id}`)).toBe(true);
    const refused = await entries('recording.access.denied');
    expect(refused.some((e) => e.actor === `user:${world.panel.chief.id}`)).toBe(true);
  });

  it('a matching override (HR, with a reason) and the matching publication', async () => {
    const hr = world.panel.hr;
    const base = `/matching/campaigns/${world.campaignId}`;
    const [post] = await db.query<{ id: string }>('SELECT id FROM posts WHERE campaign_id = $1', [
      world.campaignId,
    ]);
    const campaign = { campaignId: world.campaignId, postId: post.id };
    const position = async (code: string) =>
      (
        await http
          .post(
            `${base}/positions`,
            {
              code,
              unit: `单位${code}`,
              title: `岗位${code}`,
              level: 'city',
              disciplines: ['0812'],
              quota: 1,
            },
            hr.token,
          )
          .expect(201)
      ).body.id as string;
    const [p1, p2] = [await position('AP1'), await position('AP2')];
    await http.put(`${base}/settings`, openWindow(2), hr.token).expect(200);
    const hire = await approvedCandidate(app, db, world.adminToken, 'audit_hire', campaign, '0812');
    const added = await http.post(`${base}/hires`, { candidateId: hire.id, rank: 1 }, hr.token);
    expect(added.status).toBe(201);
    await http
      .put(`/matching/me/${world.campaignId}/preferences`, { positionIds: [p1, p2] }, hire.token)
      .expect(200);
    const run = await http.post(`${base}/runs`, { algorithm: 'serial' }, hr.token).expect(201);
    const runId = run.body.id as string;
    const reason = '本人身体原因需就近安排';
    await http
      .post(
        `${base}/runs/${runId}/overrides`,
        { hireId: added.body.id, positionId: p2, reason },
        hr.token,
      )
      .expect(200);
    const [override] = await entries('matching.override', `matching_run:${runId}`);
    expect(override.actor).toBe(`user:${hr.id}`);
    expect(override.details).toMatchObject({ reason, from: p1, to: p2, hire: added.body.id });
    await http.post(`${base}/runs/${runId}/publish`, {}, hr.token).expect(200);
    const [published] = await entries('matching.publish', `matching_run:${runId}`);
    expect(published.actor).toBe(`user:${hr.id}`);
    expect(published.details).toMatchObject({ campaignId: world.campaignId, overrides: 1 });
  });

  it('the hash chain verifies over all of it', async () => {
    const verification = await app.get(AuditService).verify();
    expect(verification).toMatchObject({ broken: null, unchained: 0 });
    expect(verification.entries).toBeGreaterThan(20);
  });
});
