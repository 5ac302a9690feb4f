import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@yunzhao/config';
import { FinalisationService } from '@yunzhao/recordings';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freePort } from '../recording/archive-fixtures';
import {
  createUser,
  openRoomPage,
  RoomStack,
  scheduleSession,
  TestUser,
  tiles,
  waitFor,
} from '../room/room-harness';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

/**
 * Fault: the media app itself dies (SIGKILL: no shutdown hook, no clean segment close) in the
 * middle of a recorded interview and is started again on the same port with the same node id.
 * The candidate's and the chief's room pages (headless Chromium, fake camera and microphone)
 * reconnect by themselves with fresh passes from the api, their producers are recorded again on
 * new segments that play, the restarted node closes what the dead one left open without losing
 * it, and the stop goes on the session timeline. The media node runs as its own process (as in
 * production), the api in this one.
 */
const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const NODE_ID = 'fault-media-node';

interface MediaProcess {
  child: ChildProcess;
  output: string;
}

interface SegmentRow {
  id: string;
  recording_id: string;
  seq: number;
  storage_key: string;
  status: string;
  recorder_node: string;
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  duration_ms: number | null;
  user_id: string;
  source: string;
  kind: 'audio' | 'video';
  recording_started_at: Date;
  recording_ended_at: Date | null;
}

let db: TestDatabase;
let apiApp: NestExpressApplication | undefined;
let env: Record<string, string>;
let mediaPort: number;
let media: MediaProcess | undefined;
let recordingDir: string;
let context: BrowserContext | undefined;
let stack: RoomStack;
let sid: string;
let candidate: TestUser;
let chief: TestUser;
const pages: Record<'candidate' | 'chief', Page> = {} as never;

/** The media app from its TypeScript source, as its own process (what `npm start` runs). */
function startMedia(): MediaProcess {
  const child = spawn(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'apps/media/src/main.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started: MediaProcess = { child, output: '' };
  for (const stream of [child.stdout, child.stderr])
    stream?.on(
      'data',
      (chunk: Buffer) => (started.output = (started.output + chunk.toString()).slice(-20_000)),
    );
  return started;
}

async function healthy(node: MediaProcess): Promise<void> {
  await waitFor(
    async () => {
      if (node.child.exitCode !== null) throw new Error(`media exited (${node.child.exitCode})`);
      return (await fetch(`http://127.0.0.1:${mediaPort}/health`)).ok;
    },
    90_000,
    'the media node to be healthy',
    300,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nmedia output:\n${node.output}`);
  });
}

function stopMedia(node: MediaProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
    node.child.once('exit', () => resolve());
    node.child.kill(signal);
    if (signal !== 'SIGKILL') setTimeout(() => node.child.kill('SIGKILL'), 20_000).unref();
  });
}

const segmentsOf = (sessionId: string) =>
  db.query<SegmentRow>(
    `SELECT s.id, s.recording_id, s.seq, s.storage_key, s.status, s.recorder_node, s.started_at,
            s.ended_at, s.end_reason, s.duration_ms, r.user_id, r.source, r.kind,
            r.started_at AS recording_started_at, r.ended_at AS recording_ended_at
       FROM recording_segments s JOIN recordings r ON r.id = s.recording_id
      WHERE r.session_id = $1 ORDER BY s.started_at`,
    [sessionId],
  );
const timelineOf = (sessionId: string, type: string) =>
  db.query<{ payload: Record<string, unknown>; occurred_at: Date }>(
    `SELECT payload, occurred_at FROM session_timeline WHERE session_id = $1 AND type = $2 ORDER BY seq`,
    [sessionId, type],
  );
const status = (page: Page) => page.getByTestId('room-status').getAttribute('data-status');
const fileOf = (segment: SegmentRow) => path.join(recordingDir, segment.storage_key);
const sizeOf = (segment: SegmentRow) =>
  fs.existsSync(fileOf(segment)) ? fs.statSync(fileOf(segment)).size : 0;
/** Who produced it: the same four sources (two people, camera and mic) before and after. */
const sourceOf = (segment: SegmentRow) => `${segment.user_id}:${segment.source}:${segment.kind}`;

interface Probe {
  streams: { codec_type: string; codec_name: string; nb_read_packets?: string }[];
  format: { duration?: string };
}

/** ffprobe, reading every packet (works on a file without a duration header too). */
async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-count_packets',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,nb_read_packets',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(stdout) as Probe;
}

/** Four segments recording (mic and camera of both), each file holding some media already. */
async function fourRecording(after: Date): Promise<SegmentRow[]> {
  return waitFor(
    async () => {
      const live = (await segmentsOf(sid)).filter(
        (s) => s.status === 'recording' && s.started_at >= after,
      );
      return live.length === 4 && live.every((s) => sizeOf(s) > 2_000) && live;
    },
    45_000,
    'mic and camera of the candidate and the chief to be recorded',
    300,
  );
}

beforeAll(async () => {
  recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-fault-recordings-'));
  db = await createTestDatabase();
  mediaPort = await freePort();
  env = testEnv(db.url, {
    MEDIA_PORT: String(mediaPort),
    MEDIA_NODE_ID: NODE_ID,
    MEDIA_PUBLIC_URL: `http://127.0.0.1:${mediaPort}`,
    MEDIA_WORKERS: '1',
    MEDIA_PEER_GRACE_SECONDS: '5',
    RECORDING_DIR: recordingDir,
  });
  // The api migrates the database and serves the built web app; the media node joins it.
  apiApp = await createApiApp(loadConfig(env));
  await apiApp.listen(0, '127.0.0.1');
  media = startMedia();
  const apiUrl = (await apiApp.getUrl()).replace('[::1]', '127.0.0.1');
  stack = { db, api: apiApp, apiUrl } as unknown as RoomStack;
  const admin = await login(apiApp, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  candidate = await make('mr-cand', ['candidate'], '考生冯');
  chief = await make('mr-chief', ['chief_examiner'], '主考官陈');
  sid = await scheduleSession(stack, {
    hr: await make('mr-hr', ['hr']),
    chief,
    examiners: [await make('mr-exam1', ['examiner']), await make('mr-exam2', ['examiner'])],
    supervisors: [await make('mr-super', ['supervisor'])],
    candidates: [candidate],
  });
  await healthy(media);
  context = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await stopMedia(media, 'SIGTERM');
  await apiApp?.close();
  await db?.drop();
  if (!process.env.KEEP_RECORDINGS) fs.rmSync(recordingDir, { recursive: true, force: true });
}, 60_000);

it('the media app killed mid-interview and restarted: pages reconnect, recording goes on, nothing recorded is lost', async () => {
  const sessionStart = new Date(Date.now() - 1000);
  pages.chief = await openRoomPage(context!, stack, chief, `/room/${sid}`);
  pages.candidate = await openRoomPage(context!, stack, candidate, `/room/${sid}`);
  await pages.chief.getByTestId('waiting-queue').getByText('考生冯').waitFor({ timeout: 30_000 });
  await pages.chief.getByRole('button', { name: '请下一位考生入场' }).click();
  await waitFor(
    async () => ((await tiles(pages.chief, 'candidate-tile'))[0]?.frames ?? 0) > 0,
    30_000,
    'the chief to see the candidate',
  );
  const before = await fourRecording(sessionStart);
  // A few seconds of interview on record before the crash.
  const sizes = before.map(sizeOf);
  await waitFor(
    () => before.every((s, i) => sizeOf(s) > sizes[i]),
    10_000,
    'the first segments to grow',
  );

  const consumerBefore = (await tiles(pages.chief, 'candidate-tile'))[0]?.consumer;
  const killedAt = new Date();
  await stopMedia(media, 'SIGKILL');
  for (const page of Object.values(pages))
    await waitFor(async () => (await status(page)) !== 'joined', 10_000, 'the page to notice');

  const restartedAt = new Date();
  media = startMedia(); // same port, same node id, same recording directory
  await healthy(media);

  // Both pages are back by themselves, each with a fresh pass from the api.
  for (const page of Object.values(pages))
    await waitFor(async () => (await status(page)) === 'joined', 30_000, 'the page to rejoin');
  const passes = await db.query<{ actor: string }>(
    `SELECT actor FROM audit_log WHERE action = 'session.room_token.issue' AND occurred_at > $1`,
    [killedAt],
  );
  for (const user of [candidate, chief])
    expect(passes.map((p) => p.actor)).toContain(`user:${user.id}`);

  // The new room carries on from the timeline: the candidate is still in the interview, and the
  // chief sees them again (a new consumer) without calling them in a second time.
  await waitFor(
    async () => {
      const [tile] = await tiles(pages.chief, 'candidate-tile');
      return !!tile && tile.consumer !== consumerBefore && tile.frames > 0;
    },
    30_000,
    'the chief to see the candidate again, still in the interview',
  );
  expect(await timelineOf(sid, 'candidate.calledIn')).toHaveLength(1);

  // Their producers are recorded again, on new recordings of the same four sources.
  const after = await fourRecording(restartedAt);
  expect(after.map(sourceOf).sort()).toEqual(before.map(sourceOf).sort());
  expect(after.every((s) => s.recorder_node === NODE_ID)).toBe(true);

  // The boot clean-up closed what the dead run left open, queued it for finalisation, and kept
  // its end at the crash (the file's last write), not at the reboot.
  const closed = await waitFor(
    async () => {
      const rows = (await segmentsOf(sid)).filter((s) => before.some((b) => b.id === s.id));
      return rows.every((s) => s.status === 'closed') && rows;
    },
    20_000,
    'the dead run’s segments to be closed',
  );
  for (const segment of closed) {
    expect(segment).toMatchObject({ end_reason: 'node-restarted', recorder_node: NODE_ID });
    // ffmpeg flushes every packet; an orphaned one may still write its trailer (3 s of silence).
    expect(segment.ended_at!.getTime()).toBeGreaterThan(killedAt.getTime() - 2_000);
    expect(segment.ended_at!.getTime()).toBeLessThan(killedAt.getTime() + 5_000);
    expect(segment.recording_ended_at).toEqual(segment.ended_at);
  }
  const jobs = await db.query<{ id: string; subject_id: string }>(
    `SELECT id, subject_id FROM recording_jobs WHERE kind = 'finalise-segment'`,
  );
  expect(jobs.map((j) => j.subject_id).sort()).toEqual(closed.map((s) => s.id).sort());

  // The timeline tells it: each recording stopped by the restart, then recorded anew. The gap
  // runs from the stop's end to the new recording's start.
  const stopped = await timelineOf(sid, 'recording.stopped');
  expect(stopped.map((e) => e.payload.reason)).toEqual(Array(4).fill('node-restarted'));
  expect(stopped.map((e) => e.payload.recordingId).sort()).toEqual(
    closed.map((s) => s.recording_id).sort(),
  );
  const started = await timelineOf(sid, 'recording.started');
  expect(started).toHaveLength(8);
  for (const segment of closed) {
    const resumed = after.find((s) => sourceOf(s) === sourceOf(segment))!;
    const stop = stopped.find((e) => e.payload.recordingId === segment.recording_id)!;
    const gapMs =
      resumed.recording_started_at.getTime() - Date.parse(stop.payload.endedAt as string);
    expect(gapMs).toBeGreaterThan(0);
  }

  // Let the new segments record a few seconds, then stop the node as an operator would.
  const resumedSizes = after.map(sizeOf);
  await waitFor(
    () => after.every((s, i) => sizeOf(s) > resumedSizes[i]),
    10_000,
    'the new segments to grow',
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await stopMedia(media, 'SIGTERM');

  // The new segments play, each with its one stream and a duration.
  const finished = (await segmentsOf(sid)).filter((s) => after.some((a) => a.id === s.id));
  for (const segment of finished) {
    expect(segment).toMatchObject({ status: 'closed', end_reason: 'node-stopped' });
    const probe = await ffprobe(fileOf(segment));
    expect(probe.streams).toEqual([
      expect.objectContaining({
        codec_type: segment.kind,
        codec_name: segment.kind === 'video' ? 'vp8' : 'opus',
      }),
    ]);
    expect(Number(probe.format.duration)).toBeGreaterThan(1);
    expect(Number(probe.streams[0].nb_read_packets)).toBeGreaterThan(20);
  }

  // What was recorded before the crash is still there and finalises (as the worker runs it).
  const finalisation = apiApp!.get(FinalisationService, { strict: false });
  for (const segment of closed) {
    const probe = await ffprobe(fileOf(segment));
    expect(probe.streams[0]).toMatchObject({
      codec_type: segment.kind,
      codec_name: segment.kind === 'video' ? 'vp8' : 'opus',
    });
    expect(Number(probe.streams[0].nb_read_packets)).toBeGreaterThan(20);
    const job = jobs.find((j) => j.subject_id === segment.id)!;
    expect(await finalisation.runJob(job.id)).toBe('finalised');
  }
  const finalised = (await segmentsOf(sid)).filter((s) => closed.some((c) => c.id === s.id));
  for (const segment of finalised) {
    expect(segment.status).toBe('finalised');
    expect(segment.duration_ms).toBeGreaterThan(1000);
  }
}, 115_000);
