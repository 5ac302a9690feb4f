import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { freePort } from '../recording/archive-fixtures';
import {
  connectSocket,
  createUser,
  RoomStack,
  scheduleSession,
  startRoomStack,
  TestUser,
  waitFor,
} from '../room/room-harness';
import { TEST_ADMIN } from '../support/config';
import { queryAt, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { createPrivatePostgres, PrivatePostgres } from './private-postgres';

/**
 * Fault: Postgres goes away during an interview. The room runs on in memory, and what happens
 * meanwhile (here the chief calling the candidate in) reaches the session's timeline once the
 * database is back, in order, so a reopened room still knows who was in the interview. A
 * private cluster is used, never the shared server.
 */
let pg: PrivatePostgres | undefined;
let stack: RoomStack | undefined;
const sockets: Socket[] = [];

/** The private database in the shape the room harness expects (the cluster goes as a whole). */
const privateDatabase = (url: string): TestDatabase => ({
  name: 'yunzhao',
  url,
  query: (sql, params) => queryAt(url, sql, params),
  drop: async () => undefined,
});

beforeAll(async () => {
  pg = await createPrivatePostgres(await freePort());
  await pg.start();
  const db = privateDatabase(await pg.createDatabase('yunzhao'));
  stack = await startRoomStack({ RECORDING_ENABLED: 'false' }, { db });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await stack?.close().catch(() => undefined);
  await pg?.destroy();
});

async function enterRoom(user: TestUser, sessionId: string): Promise<Socket> {
  const pass = await request(stack!.api.getHttpServer())
    .post(`/api/sessions/${sessionId}/room-token`)
    .set('Authorization', `Bearer ${user.accessToken}`)
    .send({})
    .expect(200);
  const socket = await connectSocket(stack!.mediaUrl, { token: pass.body.token, sessionId });
  sockets.push(socket);
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  await socket.emitWithAck('join', { rtpCapabilities });
  return socket;
}

describe('fault: Postgres restarted during an interview', () => {
  it("keeps the chief's call-in and stores it on the timeline once the database is back", async () => {
    const adminToken = (await login(stack!.api, TEST_ADMIN.username, TEST_ADMIN.password))
      .accessToken;
    const make = (username: string, roles: string[]) =>
      createUser(stack!, adminToken, username, roles);
    const hr = await make('hrofficer', ['hr']);
    const chief = await make('chief', ['chief_examiner']);
    const examiners = [await make('exam1', ['examiner']), await make('exam2', ['examiner'])];
    const supervisors = [await make('super', ['supervisor'])];
    const candidate = await make('cand', ['candidate']);
    const sessionId = await scheduleSession(stack!, {
      hr,
      chief,
      examiners,
      supervisors,
      candidates: [candidate],
    });
    const chiefSocket = await enterRoom(chief, sessionId);
    await enterRoom(candidate, sessionId);
    const timeline = () =>
      stack!.db.query<{ type: string; payload: { candidateUserId?: string } }>(
        `SELECT type, payload FROM session_timeline WHERE session_id = $1 ORDER BY seq`,
        [sessionId],
      );
    // Both arrivals are stored before the outage.
    await waitFor(
      async () => (await timeline()).filter((e) => e.type === 'peer.joined').length === 2,
      15_000,
      'both arrivals on the timeline',
    );

    await pg!.stop();
    const reply = await chiefSocket.emitWithAck('callIn', {});
    expect(reply).toMatchObject({ candidateUserId: candidate.id });
    // Longer than the first retries: the row waits in the media node, not in a socket buffer.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await pg!.start();

    const entries = await waitFor(
      async () => {
        const rows = await timeline();
        return rows.some((e) => e.type === 'candidate.calledIn') && rows;
      },
      30_000,
      'the call-in on the timeline',
    );
    const calledIn = entries.filter((e) => e.type === 'candidate.calledIn');
    expect(calledIn).toHaveLength(1);
    expect(calledIn[0].payload.candidateUserId).toBe(candidate.id);
    expect(entries.map((e) => e.type).indexOf('candidate.calledIn')).toBeGreaterThan(
      entries.map((e) => e.type).lastIndexOf('peer.joined'),
    );
  }, 120_000);
});
