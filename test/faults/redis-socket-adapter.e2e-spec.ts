import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@yunzhao/config';
import type { ScorePublishedEvent } from '@yunzhao/contracts';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { eventually, freePort, startPrivateRedis } from '../recording/archive-fixtures';
import { connectSocket } from '../room/room-harness';
import { api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from '../scoring/fixtures';
import { testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * Fault: the Redis behind the socket.io adapter (media node) and the emitter (api) is killed and
 * started again, empty, on the same port. Neither app is restarted: a score the chief publishes
 * through the api afterwards still reaches the sockets in the room on the media node, both the
 * room page's peer connection and a listen-only score feed that stayed connected throughout.
 * A private redis-server is used, never the shared one.
 */
let db: TestDatabase;
let redis: { kill(): Promise<void> } | undefined;
let redisPort: number;
let probe: Redis;
let apiApp: NestExpressApplication | undefined;
let media: NestExpressApplication | undefined;
let mediaUrl: string;
let world: ScoringWorld;
let http: ReturnType<typeof api>;
let socketIoKey: string;
const sockets: Socket[] = [];

/** Resolves when `work` settles or after `ms`, so a stuck close cannot hang the suite. */
const bounded = (work: Promise<unknown> | undefined, ms = 15_000) =>
  Promise.race([
    Promise.resolve(work).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, ms).unref()),
  ]);

/** Rejects after `ms` with what was awaited, so a lost event fails with a reason. */
const within = <T>(promise: Promise<T>, what: string, ms = 15_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref(),
    ),
  ]);

async function roomPass(user: TestUser): Promise<{ token: string; mediaUrl: string }> {
  const response = await http
    .post(`/sessions/${world.sessionId}/room-token`, { device: 'main' }, user.token)
    .expect(200);
  return response.body as { token: string; mediaUrl: string };
}

/** The room page's connection: a peer that joined the room (mediasoup and all). */
async function joinAsPeer(user: TestUser): Promise<Socket> {
  const pass = await roomPass(user);
  const socket = await connectSocket(pass.mediaUrl, {
    token: pass.token,
    sessionId: world.sessionId,
  });
  sockets.push(socket);
  const caps = (await socket.timeout(20_000).emitWithAck('getRouterRtpCapabilities', {})) as {
    rtpCapabilities: unknown;
  };
  const joined = (await socket
    .timeout(20_000)
    .emitWithAck('join', { rtpCapabilities: caps.rtpCapabilities })) as { error?: unknown };
  expect(joined.error).toBeUndefined();
  return socket;
}

/** The score feed's connection: listen-only, as apps/web/src/features/scoring/use-score-feed.ts. */
async function listen(user: TestUser): Promise<Socket> {
  const pass = await roomPass(user);
  const socket = io(pass.mediaUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: { token: pass.token, sessionId: world.sessionId, mode: 'listen' },
  });
  sockets.push(socket);
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('listenState', () => resolve());
      socket.once('connect_error', reject);
    }),
    'the listen-only connection',
  );
  return socket;
}

const heard = (socket: Socket) =>
  new Promise<ScorePublishedEvent>((resolve) => socket.once('scorePublished', resolve));

/** Every examiner submits marks for the candidate, then the chief publishes the score. */
async function publish(candidate: TestUser, totals: number[]): Promise<void> {
  const { panel, sessionId } = world;
  const base = `/scoring/sessions/${sessionId}/candidates/${candidate.id}`;
  for (const [index, marker] of [panel.chief, ...panel.examiners].entries()) {
    await http
      .post(`${base}/marks/mine/submit`, { marks: marksFor(totals[index]) }, marker.token)
      .expect(200);
  }
  await http.post(`${base}/publish`, {}, panel.chief.token).expect(201);
}

/** The media node's adapter listens on `<key>#*`: it has (re)subscribed when Redis counts it. */
async function adapterSubscribed(): Promise<boolean> {
  const patterns = (await probe.call('PUBSUB', 'NUMPAT')) as number;
  return patterns > 0;
}

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startPrivateRedis(redisPort);
  probe = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  db = await createTestDatabase();
  const env = testEnv(db.url, {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    MEDIA_WORKERS: '1',
  });
  socketIoKey = `${env.REDIS_KEY_PREFIX}:socket.io`;
  // The media node first: its port is what the api hands out. No media flows here, so no recording.
  media = await createMediaApp(loadConfig({ ...env, RECORDING_ENABLED: 'false' }));
  await media.listen(0, '127.0.0.1');
  mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  apiApp = await createApiApp(loadConfig({ ...env, MEDIA_PUBLIC_URL: mediaUrl }));
  http = api(apiApp);
  world = await makeScoringWorld(apiApp, db, 2);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  // A failure may leave Redis down; the apps close cleanly only against a live server.
  if (!redis && redisPort) redis = await startPrivateRedis(redisPort).catch(() => undefined);
  probe?.disconnect();
  await bounded(media?.close());
  await bounded(apiApp?.close());
  await redis?.kill();
  await db?.drop();
}, 60_000);

describe('fault: Redis restarted under the socket.io adapter and emitter', () => {
  it('a score published after the restart reaches the room on the media node, without restarting an app', async () => {
    const [first, second] = world.panel.candidates;
    const feed = await listen(world.panel.examiners[0]);
    const candidate = await joinAsPeer(second);
    await probe.connect();
    expect(await adapterSubscribed()).toBe(true);

    // Before the fault the path works: the examiner's feed hears the first candidate's score.
    const before = heard(feed);
    await publish(first, [85, 88, 90.5, 79, 92]);
    await expect(within(before, 'the score before the restart')).resolves.toMatchObject({
      candidateUserId: first.id,
      forCandidate: false,
    });

    // Whatever was emitted while the adapter was cut off is lost: once subscribed again, the node
    // tells its sockets to read again from the api (the room page reloads scores and questions).
    const resynced = [feed, candidate].map(
      (socket) =>
        new Promise<number>((resolve) => socket.once('resync', () => resolve(Date.now()))),
    );
    await redis!.kill(); // no persistence: every subscription is gone with it
    redis = undefined;
    await eventually(
      () => fetch(`${mediaUrl}/health`).then((r) => r.status),
      (status) => status === 503,
      10_000,
    );
    redis = await startPrivateRedis(redisPort); // same port, empty

    // The media node's adapter subscribes again by itself, and the node reports Redis up.
    await eventually(
      () => adapterSubscribed().catch(() => false),
      (subscribed) => subscribed,
      20_000,
    );
    await eventually(
      () => fetch(`${mediaUrl}/health`).then((r) => r.status),
      (status) => status === 200,
      20_000,
    );
    const resyncedAt = await within(Promise.all(resynced), 'both sockets to be told to resync');
    expect(resyncedAt).toHaveLength(2);
    const channels = (await probe.call('PUBSUB', 'CHANNELS', `${socketIoKey}*`)) as string[];
    expect(channels.length).toBeGreaterThan(0); // the adapter's request/response channels too
    // The sockets opened before the fault were never cut: Redis is not on their path.
    expect(feed.connected).toBe(true);
    expect(candidate.connected).toBe(true);

    // The chief publishes the second candidate's score through the api: its emitter reconnected
    // too, and the event reaches both sockets on the media node through the adapter.
    const examinerHears = heard(feed);
    const candidateHears = heard(candidate);
    await publish(second, [80, 82, 84, 86, 88]);
    await expect(within(candidateHears, 'the candidate to hear the score')).resolves.toMatchObject({
      candidateUserId: second.id,
      finalScore: 84,
      forCandidate: true,
    });
    await expect(within(examinerHears, 'the examiner to hear the score')).resolves.toMatchObject({
      candidateUserId: second.id,
      finalScore: 84,
      forCandidate: false,
    });
  }, 90_000);
});
