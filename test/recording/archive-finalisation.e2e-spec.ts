import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FinalisationService } from '@yunzhao/recordings';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp, WorkerApp } from '../../apps/worker/src/bootstrap';
import { RECORDINGS_QUEUE } from '../../apps/worker/src/recordings/recordings-queue';
import { RecordingsProcessor } from '../../apps/worker/src/recordings/recordings.processor';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser } from '../support/http';
import { makeCampaign } from '../sessions/fixtures';
import {
  eventually,
  FixtureSegment,
  freePort,
  insertSegment,
  insertSession,
  makeKilledWebm,
  makeWebm,
  probeJson,
  startPrivateRedis,
} from './archive-fixtures';

/** Finalisation of closed segments by the worker: outbox relay, remux, hashes, Redis restarts. */
let db: TestDatabase;
let apiApp: NestExpressApplication;
let worker: WorkerApp | undefined;
let redis: { kill(): Promise<void> } | undefined;
let redisPort: number;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-archive-'));
const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-fixtures-'));
const good = path.join(fixtureDir, 'good.webm');
const killed = path.join(fixtureDir, 'killed.webm');
const empty = path.join(fixtureDir, 'empty.webm');
let sessionId: string;
let candidateId: string;
const segments: FixtureSegment[] = [];
let killedSegment: FixtureSegment;
let emptySegment: FixtureSegment;

interface SegmentRow {
  id: string;
  status: string;
  size_bytes: string | null;
  duration_ms: number | null;
  sha256: string | null;
  streams: { type: string; codec: string }[] | null;
  problem: string | null;
  finalised_at: Date | null;
}

const segmentRows = () =>
  db.query<SegmentRow>('SELECT * FROM recording_segments ORDER BY started_at, id');
const sha256File = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  db = await createTestDatabase();
  const env = { RECORDING_DIR: recordingDir };
  apiApp = await createApiApp(testConfig(db.url, env)); // applies the migrations
  const admin = await login(apiApp);
  candidateId = (await makeUser(apiApp, admin.accessToken, 'rec_cand', ['candidate'])).id;
  const campaign = await makeCampaign(db, 'recording finalisation');
  sessionId = await insertSession(db, campaign.campaignId, '录像归档', new Date());
  await Promise.all([makeWebm(good, 3), makeKilledWebm(killed)]);
  fs.writeFileSync(empty, '');
  for (let i = 0; i < 8; i++)
    segments.push(await insertSegment(db, recordingDir, good, { sessionId, userId: candidateId }));
  killedSegment = await insertSegment(db, recordingDir, killed, {
    sessionId,
    userId: candidateId,
    endReason: 'recorder-died',
  });
  emptySegment = await insertSegment(db, recordingDir, empty, {
    sessionId,
    userId: candidateId,
    endReason: 'recorder-died',
  });
  redisPort = await freePort();
  redis = await startPrivateRedis(redisPort);
}, 120_000);

afterAll(async () => {
  if (worker) await worker.close();
  await redis?.kill();
  await apiApp?.close();
  await db?.drop();
  fs.rmSync(recordingDir, { recursive: true, force: true });
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

describe('recording finalisation', () => {
  it('the SIGKILLed fixture really lacks a duration (what the remux must repair)', async () => {
    const probed = await probeJson(killed);
    expect(probed.format.duration).toBeUndefined();
    expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  it('loses no pending finalisation when Redis restarts (acceptance 3)', async () => {
    worker = await createWorkerApp(
      testConfig(db.url, {
        RECORDING_DIR: recordingDir,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      }),
    );
    const processor = worker.context.get(RecordingsProcessor);
    const queue = worker.context.get<Queue>(getQueueToken(RECORDINGS_QUEUE));
    // Hold processing so the jobs are certainly pending in Redis when it dies.
    await processor.worker.pause(true);
    const total = segments.length + 2;
    await eventually(
      () => queue.getJobCounts('waiting', 'prioritized', 'active'),
      (counts) => counts.waiting + counts.prioritized + counts.active === total,
    );
    expect((await segmentRows()).filter((row) => row.status === 'finalised')).toHaveLength(0);

    await redis!.kill(); // no persistence: every queued job is gone with it
    redis = await startPrivateRedis(redisPort);
    await eventually(
      () => queue.getJobCounts('waiting', 'prioritized', 'active'),
      (counts) => counts.waiting + counts.prioritized + counts.active === 0,
      5_000,
    ).catch(() => undefined); // the relay may already have re-offered them
    processor.worker.resume();

    const rows = await eventually(
      segmentRows,
      (all) => all.every((row) => row.status === 'finalised' || row.status === 'failed'),
      90_000,
    );
    expect(rows.filter((row) => row.status === 'finalised')).toHaveLength(total - 1);
    const jobs = await db.query<{ done_at: Date | null; attempts: number }>(
      'SELECT done_at, attempts FROM recording_jobs',
    );
    expect(jobs).toHaveLength(total);
    for (const job of jobs) {
      expect(job.done_at).not.toBeNull();
      expect(job.attempts).toBeGreaterThanOrEqual(1);
    }
  }, 180_000);

  it('stores size, duration, streams and the SHA-256 of each file', async () => {
    const [row] = await db.query<SegmentRow>('SELECT * FROM recording_segments WHERE id = $1', [
      segments[0].segmentId,
    ]);
    expect(row.status).toBe('finalised');
    expect(row.problem).toBeNull();
    expect(Number(row.size_bytes)).toBe(fs.statSync(segments[0].file).size);
    expect(row.sha256).toBe(sha256File(segments[0].file));
    expect(row.duration_ms).toBeGreaterThanOrEqual(2_900);
    expect(row.duration_ms).toBeLessThanOrEqual(3_200);
    expect(row.streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'video', codec: 'vp8', width: 320, height: 240 }),
        expect.objectContaining({ type: 'audio', codec: 'opus' }),
      ]),
    );
  });

  it('repairs a segment cut by SIGKILL by remuxing it, then hashes the repaired file', async () => {
    const [row] = await db.query<SegmentRow>('SELECT * FROM recording_segments WHERE id = $1', [
      killedSegment.segmentId,
    ]);
    expect(row.status).toBe('finalised');
    expect(row.duration_ms).toBeGreaterThan(1_000);
    const probed = await probeJson(killedSegment.file);
    expect(Number(probed.format.duration)).toBeGreaterThan(1);
    expect(row.sha256).toBe(sha256File(killedSegment.file));
    expect(Number(row.size_bytes)).toBe(fs.statSync(killedSegment.file).size);
  });

  it('marks an empty file failed with the problem, and closes its job', async () => {
    const [row] = await db.query<SegmentRow>('SELECT * FROM recording_segments WHERE id = $1', [
      emptySegment.segmentId,
    ]);
    expect(row).toMatchObject({ status: 'failed', problem: 'empty file (0 bytes)', sha256: null });
  });

  it('is idempotent: finalising again changes nothing, a done job is not run again', async () => {
    const service = worker!.context.get(FinalisationService);
    const before = await segmentRows();
    expect(await service.finaliseSegment(killedSegment.segmentId)).toBe('unchanged');
    expect(await service.runJob(segments[1].jobId)).toBe('already-done');
    // Even a job row reopened by hand leaves a finalised segment as it is.
    await db.query('UPDATE recording_jobs SET done_at = NULL WHERE id = $1', [segments[2].jobId]);
    expect(await service.runJob(segments[2].jobId)).toBe('unchanged');
    expect(await segmentRows()).toEqual(before);
  });

  it('counts attempts and keeps retrying a segment that cannot be finalised yet', async () => {
    // A segment still being recorded (its job arrived early): the attempt fails and is counted.
    const pending = await insertSegment(db, recordingDir, good, { sessionId, userId: candidateId });
    await db.query(`UPDATE recording_segments SET status = 'recording' WHERE id = $1`, [
      pending.segmentId,
    ]);
    const job = await eventually(
      () =>
        db.query<{ attempts: number; last_error: string | null; done_at: Date | null }>(
          'SELECT attempts, last_error, done_at FROM recording_jobs WHERE id = $1',
          [pending.jobId],
        ),
      ([row]) => row.attempts >= 2,
      30_000,
    );
    expect(job[0]).toMatchObject({
      done_at: null,
      last_error: 'the segment is still being recorded',
    });
    // Once the capture side closes it, the next offer finalises it.
    await db.query(`UPDATE recording_segments SET status = 'closed' WHERE id = $1`, [
      pending.segmentId,
    ]);
    await eventually(
      () =>
        db.query<SegmentRow>('SELECT * FROM recording_segments WHERE id = $1', [pending.segmentId]),
      ([row]) => row.status === 'finalised',
      30_000,
    );
  }, 60_000);
});
