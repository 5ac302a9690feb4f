// Issue 11 acceptance: two api processes and two media processes on this machine (loopback,
// different ports, one Postgres database, one Redis prefix) behave as one deployment. Sessions
// spread over both media nodes; a score published through api #1 reaches a room held by media
// node #2; a media node killed with SIGKILL has its sessions re-placed on the survivor, and a
// client that lost it reconnects there with a fresh pass. Real child processes, so the kill is
// a real crash (no clean deregistration: the node's heartbeat has to expire).
import { mediaClusterKeys } from '@yunzhao/sessions';
import Redis from 'ioredis';
import type { Socket } from 'socket.io-client';
import { waitFor } from '../room/room-harness';
import { testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { api, makeScoringWorld, marksFor, Panel, ScoringWorld } from '../scoring/fixtures';
import {
  AppProcess,
  healthy,
  joinRoom,
  joinRoomWithSnapshot,
  remote,
  roomPass,
  startApi,
  startMedia,
  stopCluster,
  useClusterEnv,
} from './cluster-harness';

let db: TestDatabase;
let api1: AppProcess;
let api2: AppProcess;
let mediaA: AppProcess;
let mediaB: AppProcess;
let world: ScoringWorld;
let redis: Redis;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  // One prefix, one secret, one database for all four processes.
  env = testEnv(db.url, { MEDIA_PEER_GRACE_SECONDS: '5', MEDIA_ROOM_GRACE_SECONDS: '5' });
  useClusterEnv(env);
  // The first api migrates the database; the others start once it has.
  api1 = await startApi('api#1');
  await healthy(api1, '/api/health');
  api2 = await startApi('api#2');
  mediaA = await startMedia('media#1', 'node-a', 45000);
  mediaB = await startMedia('media#2', 'node-b', 45400);
  await Promise.all([
    healthy(api2, '/api/health'),
    healthy(mediaA, '/health'),
    healthy(mediaB, '/health'),
  ]);
  world = await makeScoringWorld(remote(api1), db, 1);
}, 240_000);

afterAll(async () => {
  await stopCluster();
  redis?.disconnect();
  await db?.drop();
}, 60_000);

describe('two api and two media processes', () => {
  /** The session placed on each media node, with its panel. */
  const on = new Map<string, { sessionId: string; panel: Panel }>();

  it('spread the sessions over both media nodes, and both apis hand out the same node', async () => {
    // Both media nodes have announced themselves (heartbeat keys in the shared Redis).
    const keys = mediaClusterKeys(env.REDIS_KEY_PREFIX);
    await waitFor(
      async () => (await redis.exists(keys.node('node-a'), keys.node('node-b'))) === 2,
      30_000,
      'both media nodes to register',
    );
    const sessions = [
      { sessionId: world.sessionId, panel: world.panel },
      { sessionId: world.otherSessionId, panel: world.other },
    ];
    for (const session of sessions) {
      const viaApi1 = await roomPass(api1, session.sessionId, session.panel.chief);
      const viaApi2 = await roomPass(api2, session.sessionId, session.panel.candidates[0]);
      // Sticky: every pass for the session, from either api, names the same node.
      expect(viaApi2.mediaUrl).toBe(viaApi1.mediaUrl);
      on.set(viaApi1.mediaUrl, session);
    }
    if (on.size !== 2) {
      // Say why: which nodes the registry held when the sessions were placed.
      const registry = await redis.mget(keys.node('node-a'), keys.node('node-b'));
      throw new Error(`both sessions went to ${[...on.keys()].join()}; registry: ${registry}`);
    }
    expect([...on.keys()].sort()).toEqual([mediaA.url, mediaB.url].sort());
  });

  it('a score published through api #1 reaches the room on media node #2', async () => {
    const held = on.get(mediaB.url);
    if (!held) throw new Error('no session on media node #2');
    const { sessionId, panel } = held;
    const [candidate] = panel.candidates;
    // The candidate and an examiner sit in the room on node #2, through passes from api #2.
    const candidateSocket = await joinRoom(await roomPass(api2, sessionId, candidate), sessionId);
    const examinerSocket = await joinRoom(
      await roomPass(api2, sessionId, panel.examiners[0]),
      sessionId,
    );
    const heard = (socket: Socket) =>
      new Promise<{ finalScore: number; forCandidate: boolean }>((resolve) =>
        socket.once('scorePublished', resolve),
      );
    const candidateHears = heard(candidateSocket);
    const examinerHears = heard(examinerSocket);

    const http = api(remote(api1));
    const base = `/scoring/sessions/${sessionId}/candidates/${candidate.id}`;
    const totals = [85, 88, 90.5, 79, 92];
    for (const [index, marker] of [panel.chief, ...panel.examiners].entries()) {
      await http
        .post(`${base}/marks/mine/submit`, { marks: marksFor(totals[index]) }, marker.token)
        .expect(200);
    }
    await http.post(`${base}/publish`, {}, panel.chief.token).expect(201);

    const bounded = <T>(promise: Promise<T>, what: string) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 20_000).unref(),
        ),
      ]);
    await expect(bounded(candidateHears, 'the candidate to hear the score')).resolves.toMatchObject(
      {
        finalScore: 87.83,
        forCandidate: true,
      },
    );
    await expect(bounded(examinerHears, 'the examiner to hear the score')).resolves.toMatchObject({
      finalScore: 87.83,
      forCandidate: false,
    });
  });

  it('a media node killed with SIGKILL: its sessions move to the other node, clients reconnect there', async () => {
    const moved = on.get(mediaB.url);
    const stayed = on.get(mediaA.url);
    if (!moved || !stayed) throw new Error('sessions were not spread');
    const [candidate] = moved.panel.candidates;
    const socket = await joinRoom(
      await roomPass(api1, moved.sessionId, candidate),
      moved.sessionId,
    );
    // The chief calls the candidate in before the node dies.
    const chiefSocket = await joinRoom(
      await roomPass(api1, moved.sessionId, moved.panel.chief),
      moved.sessionId,
    );
    const calledIn = (await chiefSocket.timeout(20_000).emitWithAck('callIn', {})) as {
      candidateUserId?: string;
    };
    expect(calledIn.candidateUserId).toBe(candidate.id);
    // The call-in is on the session's timeline, which the next node reads when it opens the room.
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM session_timeline WHERE session_id = $1 AND type = 'candidate.calledIn'`,
            [moved.sessionId],
          )
        ).length === 1,
      10_000,
      'the call-in to reach the timeline',
    );
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const exited = new Promise<void>((resolve) => mediaB.child.once('exit', () => resolve()));
    mediaB.child.kill('SIGKILL');
    await exited;
    await dropped;

    // The client asks for a fresh pass until the api has noticed (the node's heartbeat expires
    // within seconds) and names the surviving node.
    const fresh = await waitFor(
      async () => {
        const pass = await roomPass(api2, moved.sessionId, candidate);
        return pass.mediaUrl === mediaA.url && pass;
      },
      30_000,
      'the session to be re-placed on media node #1',
      500,
    );
    const { socket: back, room } = await joinRoomWithSnapshot(fresh, moved.sessionId);
    expect(back.connected).toBe(true);
    // The room on the new node carries on: the candidate is still in the interview, their turn open.
    expect(room.turn?.candidateUserId).toBe(candidate.id);
    expect(room.self.area).toBe('interview');
    // Both apis agree on the new placement; the session that lived on node #1 did not move.
    expect((await roomPass(api1, moved.sessionId, moved.panel.chief)).mediaUrl).toBe(mediaA.url);
    expect((await roomPass(api1, stayed.sessionId, stayed.panel.chief)).mediaUrl).toBe(mediaA.url);
  });
});
