import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RecordingStore } from '../../apps/media/src/recording/recording-store';
import { makeCampaign } from '../sessions/fixtures';
import { createTestDatabase, TestDatabase } from '../support/database';
import { insertSession } from './archive-fixtures';

// The media node's recording rows against a real Postgres: a segment whose recorder never
// started (the unit spec of the recorder drives the same path with a fake store).

let db: TestDatabase;
let dataSource: DataSource;
let store: RecordingStore;
let sessionId: string;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
  await runMigrations(dataSource);
  store = new RecordingStore(dataSource);
  const campaign = await makeCampaign(db, 'recording store');
  sessionId = await insertSession(
    db,
    campaign.campaignId,
    '录像行',
    new Date(Date.now() + 3600_000),
  );
  [{ id: userId }] = await db.query<{ id: string }>(
    `INSERT INTO users (username, display_name, password_hash, roles)
     VALUES ('rec-store', '录像考生', 'scrypt$disabled', '{candidate}') RETURNING id`,
  );
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

async function openSegment(): Promise<string> {
  const recordingId = randomUUID();
  await store.createRecording({
    id: recordingId,
    sessionId,
    userId,
    role: 'candidate',
    device: 'main',
    source: 'camera',
    kind: 'video',
    producerId: `producer-${recordingId}`,
    mimeType: 'video/VP8',
    startedAt: new Date(),
  });
  const segmentId = randomUUID();
  await store.openSegment({
    id: segmentId,
    recordingId,
    seq: 1,
    storageKey: `${sessionId}/${recordingId}/0001.webm`,
    container: 'webm',
    recorderNode: 'node-a',
    startedAt: new Date(),
  });
  return segmentId;
}

const segment = async (id: string) =>
  (
    await db.query<{ status: string; end_reason: string | null; problem: string | null }>(
      'SELECT status, end_reason, problem FROM recording_segments WHERE id = $1',
      [id],
    )
  )[0];
const jobsFor = async (id: string) =>
  (await db.query('SELECT 1 FROM recording_jobs WHERE subject_id = $1', [id])).length;

describe('a segment whose recorder never started', () => {
  it('is marked failed with why, and no finalisation is queued for its missing file', async () => {
    const id = await openSegment();
    expect(await segment(id)).toMatchObject({ status: 'recording' });
    await store.abandonSegment(id, new Date(), 'no free recorder port pair');
    expect(await segment(id)).toEqual({
      status: 'failed',
      end_reason: 'start-failed',
      problem: 'no free recorder port pair',
    });
    expect(await jobsFor(id)).toBe(0);
  });

  it('leaves a segment that was closed meanwhile as it is', async () => {
    const id = await openSegment();
    await store.closeSegment(id, new Date(), 'producer-closed');
    await store.abandonSegment(id, new Date(), 'late failure');
    expect(await segment(id)).toEqual({
      status: 'closed',
      end_reason: 'producer-closed',
      problem: null,
    });
    expect(await jobsFor(id)).toBe(1);
  });
});
