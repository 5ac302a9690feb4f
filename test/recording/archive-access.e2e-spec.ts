import type { NestExpressApplication } from '@nestjs/platform-express';
import { IntegrityService, RetentionService } from '@yunzhao/recordings';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';
import { api, makeCampaign } from '../sessions/fixtures';
import { FixtureSegment, insertSegment, insertSession, makeWebm } from './archive-fixtures';

/** Access to recordings (who may list and play, audited), integrity checks, retention and holds. */
let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-access-'));
const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-fixtures-'));
const u: Record<string, TestUser> = {};
let adminToken: string;
let campaignId: string;
let sessionId: string;
let candidateSegment: FixtureSegment;
let chiefSegment: FixtureSegment;
const DAY = 86_400_000;

const put = (url: string, body: object, token: string) =>
  request(app.getHttpServer()).put(`/api${url}`).set('Authorization', `Bearer ${token}`).send(body);

/** Finalises a fixture segment the way the worker does (the worker is tested elsewhere). */
async function finalise(segment: FixtureSegment) {
  const { createHash } = await import('node:crypto');
  const bytes = fs.readFileSync(segment.file);
  await db.query(
    `UPDATE recording_segments SET status = 'finalised', size_bytes = $2, duration_ms = 4000,
       streams = '[]'::jsonb, sha256 = $3, finalised_at = now() WHERE id = $1`,
    [segment.segmentId, bytes.length, createHash('sha256').update(bytes).digest('hex')],
  );
}

const auditOf = (action: string) =>
  db.query<{ actor: string; subject: string; details: Record<string, unknown> }>(
    'SELECT actor, subject, details FROM audit_log WHERE action = $1 ORDER BY seq',
    [action],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { RECORDING_DIR: recordingDir }));
  http = api(app);
  adminToken = (await login(app)).accessToken;
  for (const [name, roles] of Object.entries({
    sup: ['supervisor'],
    othersup: ['supervisor'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    hrofficer: ['hr'],
    cand: ['candidate'],
  })) {
    u[name] = await makeUser(app, adminToken, `recacc_${name}`, roles);
  }
  const campaign = await makeCampaign(db, 'recording access');
  campaignId = campaign.campaignId;
  const video = path.join(fixtureDir, 'video.webm');
  await makeWebm(video, 4);
  const start = new Date(Date.now() - 10 * 60_000);
  sessionId = await insertSession(db, campaignId, '录像访问', new Date(), [u.sup.id]);
  candidateSegment = await insertSegment(db, recordingDir, video, {
    sessionId,
    userId: u.cand.id,
    startedAt: start,
    endedAt: new Date(start.getTime() + 4_000),
  });
  chiefSegment = await insertSegment(db, recordingDir, video, {
    sessionId,
    userId: u.chief.id,
    role: 'chief',
    startedAt: start,
    endedAt: new Date(start.getTime() + 4_000),
  });
  await finalise(candidateSegment);
  await finalise(chiefSegment);
  // The candidate is called in 1.5 s into the recording and sent back 3 s in.
  for (const [type, offset] of [
    ['candidate.calledIn', 1_500],
    ['candidate.sentBack', 3_000],
  ] as const) {
    await db.query(
      `INSERT INTO session_timeline (session_id, type, actor_user_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [
        sessionId,
        type,
        u.chief.id,
        JSON.stringify({ candidateUserId: u.cand.id, slot: 1 }),
        new Date(start.getTime() + offset),
      ],
    );
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  fs.rmSync(recordingDir, { recursive: true, force: true });
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

describe('who may see recordings', () => {
  it('lists a session for its supervisor: grouped by participant, with timeline offsets', async () => {
    const response = await http.get(`/sessions/${sessionId}/recordings`, u.sup.token).expect(200);
    const body = response.body as {
      participants: {
        userId: string;
        role: string;
        recordings: { segments: { id: string; markers: { type: string; offsetMs: number }[] }[] }[];
      }[];
      candidateParts: { candidateUserId: string; from: string; to: string }[];
    };
    expect(body.participants.map((p) => [p.userId, p.role]).sort()).toEqual(
      [
        [u.cand.id, 'candidate'],
        [u.chief.id, 'chief'],
      ].sort(),
    );
    const segment = body.participants.find((p) => p.userId === u.cand.id)!.recordings[0]
      .segments[0];
    expect(segment.id).toBe(candidateSegment.segmentId);
    expect(segment.markers.map((m) => [m.type, m.offsetMs])).toEqual([
      ['candidate.calledIn', 1_500],
      ['candidate.sentBack', 3_000],
    ]);
    expect(body.candidateParts).toHaveLength(1);
    expect(body.candidateParts[0].candidateUserId).toBe(u.cand.id);
  });

  it('lists a candidate across sessions for an admin', async () => {
    const response = await http.get(`/recordings/candidates/${u.cand.id}`, adminToken).expect(200);
    expect(response.body.sessions).toHaveLength(1);
    expect(response.body.sessions[0].session.id).toBe(sessionId);
  });

  it('refuses candidates, examiners, HR and supervisors of other sessions (403), and audits it', async () => {
    for (const name of ['cand', 'exa', 'chief', 'hrofficer', 'othersup']) {
      await http.get(`/sessions/${sessionId}/recordings`, u[name].token).expect(403);
      await http
        .post(`/recordings/segments/${candidateSegment.segmentId}/playback`, {}, u[name].token)
        .expect(403);
    }
    const denied = await auditOf('recording.access.denied');
    expect(denied.map((entry) => entry.actor)).toEqual(
      expect.arrayContaining([`user:${u.cand.id}`, `user:${u.exa.id}`, `user:${u.othersup.id}`]),
    );
  });

  it('plays through an audited grant with HTTP ranges (206, Accept-Ranges, Content-Range)', async () => {
    const size = fs.statSync(candidateSegment.file).size;
    const grant = await http
      .post(`/recordings/segments/${candidateSegment.segmentId}/playback`, {}, u.sup.token)
      .expect(200);
    expect(grant.body.mimeType).toBe('video/webm');
    const server = app.getHttpServer();
    const full = await request(server).get(grant.body.url).expect(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(Number(full.headers['content-length'])).toBe(size);
    const part = await request(server)
      .get(grant.body.url)
      .set('Range', 'bytes=100-199')
      .expect(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(part.body as Buffer)).toEqual(
      fs.readFileSync(candidateSegment.file).subarray(100, 200),
    );
    const tail = await request(server).get(grant.body.url).set('Range', 'bytes=-10').expect(206);
    expect(tail.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    await request(server).get(grant.body.url).set('Range', `bytes=${size}-`).expect(416);
    // A forged or altered token plays nothing.
    await request(server).get(`${grant.body.url}x`).expect(403);
    await request(server).get('/api/recordings/play/bm90LWEtdG9rZW4.c2ln').expect(403);

    const accesses = await auditOf('recording.access');
    expect(accesses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: `user:${u.sup.id}`,
          subject: `session:${sessionId}`,
          details: expect.objectContaining({ what: 'list' }),
        }),
        expect.objectContaining({
          actor: `user:${u.sup.id}`,
          subject: `recording-segment:${candidateSegment.segmentId}`,
          details: expect.objectContaining({ what: 'play', sessionId }),
        }),
      ]),
    );
  });
});

describe('integrity', () => {
  it('re-verifies on demand; a changed file is reported, marked and audited', async () => {
    const ok = await http
      .post(`/recordings/segments/${chiefSegment.segmentId}/verify`, {}, u.sup.token)
      .expect(200);
    expect(ok.body).toMatchObject({ ok: true, problem: null });
    await http
      .post(`/recordings/segments/${chiefSegment.segmentId}/verify`, {}, u.exa.token)
      .expect(403);

    fs.appendFileSync(chiefSegment.file, Buffer.from('tampered'));
    const bad = await http
      .post(`/recordings/segments/${chiefSegment.segmentId}/verify`, {}, adminToken)
      .expect(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.problem).toMatch(/^integrity: SHA-256 mismatch/);
    const [row] = await db.query<{ problem: string }>(
      'SELECT problem FROM recording_segments WHERE id = $1',
      [chiefSegment.segmentId],
    );
    expect(row.problem).toMatch(/^integrity: SHA-256 mismatch/);
    const mismatches = await auditOf('recording.integrity.mismatch');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0].subject).toBe(`recording-segment:${chiefSegment.segmentId}`);
  });

  it('the scheduled pass checks segments not verified lately and flags a vanished file', async () => {
    await db.query(`UPDATE recording_segments SET verified_at = now() - interval '2 days'`);
    fs.rmSync(candidateSegment.file);
    const result = await app.get(IntegrityService).verifyDue();
    expect(result).toEqual({ checked: 2, mismatches: 2 });
    const [row] = await db.query<{ problem: string }>(
      'SELECT problem FROM recording_segments WHERE id = $1',
      [candidateSegment.segmentId],
    );
    expect(row.problem).toBe('integrity: file missing');
    const mismatches = await auditOf('recording.integrity.mismatch');
    expect(mismatches.filter((entry) => entry.actor === 'system')).toHaveLength(2);
  });
});

describe('retention and legal hold', () => {
  let video: string;
  const make = async (campaign: string, endedDaysAgo: number) => {
    const id = await insertSession(
      db,
      campaign,
      `保留 ${endedDaysAgo}`,
      new Date(Date.now() - endedDaysAgo * DAY),
    );
    const segment = await insertSegment(db, recordingDir, video, {
      sessionId: id,
      userId: u.cand.id,
    });
    await finalise(segment);
    return { sessionId: id, segment };
  };
  const statusOf = async (segment: FixtureSegment) =>
    (
      await db.query<{ status: string; deleted_at: Date | null }>(
        'SELECT status, deleted_at FROM recording_segments WHERE id = $1',
        [segment.segmentId],
      )
    )[0];

  beforeAll(async () => {
    video = path.join(fixtureDir, 'retention.webm');
    await makeWebm(video, 1);
  });

  it('HR sets a campaign rule (audited); candidates and supervisors may not', async () => {
    await put(
      `/campaigns/${campaignId}/recording-retention`,
      { retentionDays: 30, legalHold: false },
      u.sup.token,
    ).expect(403);
    const set = await put(
      `/campaigns/${campaignId}/recording-retention`,
      { retentionDays: 30, legalHold: false },
      u.hrofficer.token,
    ).expect(200);
    expect(set.body).toMatchObject({ retentionDays: 30, retainUntil: null, legalHold: false });
    await put(
      `/campaigns/${campaignId}/recording-retention`,
      { retentionDays: 30, retainUntil: '2031-01-01T00:00:00.000Z', legalHold: false },
      u.hrofficer.token,
    ).expect(400);
    const [entry] = await auditOf('recording.retention.set');
    expect(entry).toMatchObject({
      actor: `user:${u.hrofficer.id}`,
      subject: `campaign:${campaignId}`,
    });
  });

  it('deletes expired files, keeps held and unexpired ones, and records each deletion', async () => {
    const expired = await make(campaignId, 40);
    const held = await make(campaignId, 40);
    const recent = await make(campaignId, 10);
    const heldCampaign = (await makeCampaign(db, 'held campaign')).campaignId;
    const campaignHeld = await make(heldCampaign, 4000);
    await put(
      `/sessions/${held.sessionId}/recording-hold`,
      { reason: '申诉审查中' },
      u.hrofficer.token,
    ).expect(200);
    await put(
      `/campaigns/${heldCampaign}/recording-retention`,
      { retentionDays: 1, legalHold: true, holdReason: '诉讼' },
      adminToken,
    ).expect(200);

    const result = await app.get(RetentionService).purgeExpired();
    expect(result).toEqual({ deleted: 1, failed: 0 });
    expect(await statusOf(expired.segment)).toMatchObject({ status: 'deleted' });
    expect((await statusOf(expired.segment)).deleted_at).not.toBeNull();
    expect(fs.existsSync(expired.segment.file)).toBe(false);
    for (const kept of [held, recent, campaignHeld]) {
      expect((await statusOf(kept.segment)).status).toBe('finalised');
      expect(fs.existsSync(kept.segment.file)).toBe(true);
    }
    const deletions = await auditOf('recording.delete');
    expect(deletions).toEqual([
      expect.objectContaining({
        actor: 'system',
        subject: `recording-segment:${expired.segment.segmentId}`,
        details: expect.objectContaining({
          reason: 'retention expired',
          sessionId: expired.sessionId,
        }),
      }),
    ]);

    // Released, the held session goes on the next run; the campaign on hold still stays.
    const release = await request(app.getHttpServer())
      .delete(`/api/sessions/${held.sessionId}/recording-hold`)
      .set('Authorization', `Bearer ${u.hrofficer.token}`)
      .expect(200);
    expect(release.body).toEqual({ held: false });
    expect(await app.get(RetentionService).purgeExpired()).toEqual({ deleted: 1, failed: 0 });
    expect((await statusOf(held.segment)).status).toBe('deleted');
    expect((await statusOf(campaignHeld.segment)).status).toBe('finalised');
    const holds = [
      ...(await auditOf('recording.hold.place')),
      ...(await auditOf('recording.hold.release')),
    ];
    expect(holds.map((entry) => entry.subject)).toEqual([
      `session:${held.sessionId}`,
      `session:${held.sessionId}`,
    ]);
  });

  it('refuses a hold reason holding a NUL as bad input (Postgres cannot store it), not a 500', async () => {
    const { sessionId } = await make(campaignId, 2);
    const hold = await put(
      `/sessions/${sessionId}/recording-hold`,
      { reason: '申诉\u0000审查' },
      u.hrofficer.token,
    ).expect(400);
    expect(hold.body.details).toEqual([
      { field: 'reason', messages: ['reason 不能包含空字符（U+0000）'] },
    ]);
    const rule = await put(
      `/campaigns/${campaignId}/recording-retention`,
      { retentionDays: 30, legalHold: true, holdReason: '\u0000' },
      u.hrofficer.token,
    ).expect(400);
    expect(rule.body.details).toEqual([
      { field: 'holdReason', messages: ['holdReason 不能包含空字符（U+0000）'] },
    ]);
    // A reason over several lines is still fine.
    await put(
      `/sessions/${sessionId}/recording-hold`,
      { reason: '申诉审查中\n待复核' },
      u.hrofficer.token,
    ).expect(200);
  });
});
