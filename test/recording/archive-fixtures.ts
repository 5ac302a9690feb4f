// Fixtures for the recording archive tests: real WebM files made with ffmpeg, and rows written
// straight into the recordings tables, so these tests do not depend on the media-side capture.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { TestDatabase } from '../support/database';

const FFMPEG = process.env.FFMPEG_BIN ?? 'ffmpeg';

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-nostdin', '-v', 'error', '-y', ...args], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`)),
    );
  });
}

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
const VP8 = [
  '-c:v',
  'libvpx',
  '-deadline',
  'realtime',
  '-cpu-used',
  '8',
  '-b:v',
  '300k',
  '-g',
  '15',
];

/** A finished WebM: VP8 test pattern and an Opus sine tone, `seconds` long. */
export async function makeWebm(file: string, seconds: number): Promise<void> {
  await ffmpeg([
    ...VIDEO,
    ...AUDIO,
    '-t',
    String(seconds),
    ...VP8,
    '-c:a',
    'libopus',
    '-f',
    'webm',
    file,
  ]);
}

/**
 * A WebM whose writer was SIGKILLed while recording in real time with `-flush_packets 1`, as a
 * crashed recorder leaves it: readable clusters, no duration. Waits until the file holds at
 * least `minBytes` before the kill.
 */
export async function makeKilledWebm(file: string, minBytes = 60_000): Promise<void> {
  const child = spawn(
    FFMPEG,
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-re',
      ...VIDEO,
      '-re',
      ...AUDIO,
      ...VP8,
      '-c:a',
      'libopus',
      '-flush_packets',
      '1',
      '-f',
      'webm',
      file,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    if (size >= minBytes) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the killed recording never reached ${minBytes} bytes (${size})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  await exited;
}

export async function probeJson(file: string): Promise<{
  format: { duration?: string };
  streams: { codec_type: string; codec_name: string }[];
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.env.FFPROBE_BIN ?? 'ffprobe',
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`ffprobe exited ${code}`)),
    );
  });
}

export interface FixtureSegment {
  recordingId: string;
  segmentId: string;
  jobId: string;
  storageKey: string;
  file: string;
}

/**
 * One recordings row (a producer) with one closed segment whose file is a copy of `source`, and
 * its finalisation outbox row, as the capture side writes them when the segment closes.
 */
export async function insertSegment(
  db: TestDatabase,
  recordingDir: string,
  source: string,
  row: {
    sessionId: string;
    userId: string;
    role?: string;
    kind?: 'audio' | 'video';
    startedAt?: Date;
    endedAt?: Date;
    endReason?: string;
    withJob?: boolean;
  },
): Promise<FixtureSegment> {
  const startedAt = row.startedAt ?? new Date(Date.now() - 60_000);
  const endedAt = row.endedAt ?? new Date(startedAt.getTime() + 30_000);
  const kind = row.kind ?? 'video';
  const [recording] = await db.query<{ id: string }>(
    `INSERT INTO recordings (session_id, user_id, role, device, source, kind, producer_id, mime_type,
       started_at, ended_at)
     VALUES ($1, $2, $3, 'main', $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      row.sessionId,
      row.userId,
      row.role ?? 'candidate',
      kind === 'video' ? 'camera' : 'mic',
      kind,
      `producer-${Math.random().toString(16).slice(2)}`,
      kind === 'video' ? 'video/VP8' : 'audio/opus',
      startedAt,
      endedAt,
    ],
  );
  const storageKey = `${row.sessionId}/${recording.id}/0001.webm`;
  const file = path.join(recordingDir, ...storageKey.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(source, file);
  const [segment] = await db.query<{ id: string }>(
    `INSERT INTO recording_segments (recording_id, seq, storage_key, container, recorder_node, status,
       started_at, ended_at, end_reason)
     VALUES ($1, 1, $2, 'webm', 'media-test', 'closed', $3, $4, $5) RETURNING id`,
    [recording.id, storageKey, startedAt, endedAt, row.endReason ?? 'producer-closed'],
  );
  let jobId = '';
  if (row.withJob !== false) {
    const [job] = await db.query<{ id: string }>(
      `INSERT INTO recording_jobs (kind, subject_id) VALUES ('finalise-segment', $1) RETURNING id`,
      [segment.id],
    );
    jobId = job.id;
  }
  return { recordingId: recording.id, segmentId: segment.id, jobId, storageKey, file };
}

/** A session written straight to the table (times in the past are fine here). */
export async function insertSession(
  db: TestDatabase,
  campaignId: string,
  title: string,
  endsAt: Date,
  supervisorIds: string[] = [],
): Promise<string> {
  const [session] = await db.query<{ id: string }>(
    `INSERT INTO interview_sessions (campaign_id, category_code, title, starts_at, ends_at)
     VALUES ($1, 'ENG', $2, $3, $4) RETURNING id`,
    [campaignId, title, new Date(endsAt.getTime() - 3 * 3600_000), endsAt],
  );
  for (const userId of supervisorIds)
    await db.query(
      `INSERT INTO session_participants (session_id, user_id, role) VALUES ($1, $2, 'supervisor')`,
      [session.id, userId],
    );
  return session.id;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A private, non-persistent redis-server (never the shared one on 6379), so a test may kill it. */
export async function startPrivateRedis(port: number): Promise<{ kill(): Promise<void> }> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}: ${out}`));
    });
  });
  return {
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
