// A media node that stalls (here SIGSTOP: a frozen process, its sockets still open) long enough
// for its heartbeat to lapse has its sessions placed again on a live node as soon as someone
// asks for a pass. When the stalled node wakes up it must not keep half of a session: it closes
// its room, cuts the session's sockets and refuses passes that still name it, so every client
// comes back with a fresh pass to the node that holds the session now.
import type { RoomSnapshot } from '@yunzhao/contracts';
import { mediaClusterKeys } from '@yunzhao/sessions';
import Redis from 'ioredis';
import type { Socket } from 'socket.io-client';
import { connectSocket, waitFor } from '../room/room-harness';
import { makeScoringWorld, ScoringWorld } from '../scoring/fixtures';
import { testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import {
  AppProcess,
  healthy,
  joinRoomWithSnapshot,
  remote,
  roomPass,
  startApi,
  startMedia,
  stopCluster,
  useClusterEnv,
} from './cluster-harness';

let db: TestDatabase;
let redis: Redis;
let env: Record<string, string>;
let apiProcess: AppProcess;
let media: AppProcess[];
let world: ScoringWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  env = testEnv(db.url, { MEDIA_PEER_GRACE_SECONDS: '5', MEDIA_ROOM_GRACE_SECONDS: '5' });
  useClusterEnv(env);
  apiProcess = await startApi('api');
  await healthy(apiProcess, '/api/health');
  media = [
    await startMedia('media#1', 'node-a', 44200),
    await startMedia('media#2', 'node-b', 44600),
  ];
  await Promise.all(media.map((node) => healthy(node, '/health')));
  const keys = mediaClusterKeys(env.REDIS_KEY_PREFIX);
  await waitFor(
    async () => (await redis.exists(keys.node('node-a'), keys.node('node-b'))) === 2,
    30_000,
    'both media nodes to register',
  );
  world = await makeScoringWorld(remote(apiProcess), db, 1);
}, 240_000);

afterAll(async () => {
  // A node left stopped would never answer SIGTERM.
  for (const node of media ?? []) node.child.kill('SIGCONT');
  await stopCluster();
  redis?.disconnect();
  await db?.drop();
}, 60_000);

it('a node that wakes up after its session moved sends its clients to the node holding it now', async () => {
  const { sessionId, panel } = world;
  const [candidate] = panel.candidates;
  const first = await roomPass(apiProcess, sessionId, candidate);
  const stalled = media.find((node) => node.url === first.mediaUrl)!;
  const live = media.find((node) => node !== stalled)!;
  const { socket: candidateSocket } = await joinRoomWithSnapshot(first, sessionId);
  const cut = new Promise<string>((resolve) => candidateSocket.once('disconnect', resolve));

  let chiefSocket: Socket | undefined;
  stalled.child.kill('SIGSTOP');
  try {
    // Once the frozen node's heartbeat has lapsed, the next pass names the live node.
    const moved = await waitFor(
      async () => {
        const pass = await roomPass(apiProcess, sessionId, panel.chief);
        return pass.mediaUrl === live.url && pass;
      },
      30_000,
      'the session to be placed on the live node',
      500,
    );
    chiefSocket = (await joinRoomWithSnapshot(moved, sessionId)).socket;
    // The candidate's socket to the frozen node is still open: half the session is elsewhere.
    expect(candidateSocket.connected).toBe(true);
  } finally {
    stalled.child.kill('SIGCONT');
  }

  // Awake, the node sees another live node holds the session and cuts its sockets.
  expect(
    await Promise.race([
      cut,
      new Promise((resolve) => setTimeout(() => resolve('still connected'), 20_000).unref()),
    ]),
  ).toBe('io server disconnect');
  // The pass it still holds names the old node: refused there, with the reason.
  const refusal = await connectSocket(stalled.url, { token: first.token, sessionId }).then(
    (socket: Socket) => {
      socket.close();
      return 'admitted';
    },
    (error: Error) => error.message,
  );
  expect(refusal).toBe('ROOM_MOVED');
  // A fresh pass names the live node, where the chief already is.
  const fresh = await roomPass(apiProcess, sessionId, candidate);
  expect(fresh.mediaUrl).toBe(live.url);
  const chiefSeesCandidate = new Promise<void>((resolve) =>
    chiefSocket!.on('roomState', (state: RoomSnapshot) => {
      if (state.participants.some((p) => p.userId === candidate.id)) resolve();
    }),
  );
  const { room } = await joinRoomWithSnapshot(fresh, sessionId);
  expect(room.self.userId).toBe(candidate.id);
  // One room again: the chief, on the live node, sees the candidate arrive there.
  await Promise.race([
    chiefSeesCandidate,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the chief never saw the candidate')), 20_000).unref(),
    ),
  ]);
  // The woken node did not take the session back.
  const keys = mediaClusterKeys(env.REDIS_KEY_PREFIX);
  expect(await redis.get(keys.placement(sessionId))).toBe(live === media[0] ? 'node-a' : 'node-b');
}, 120_000);
