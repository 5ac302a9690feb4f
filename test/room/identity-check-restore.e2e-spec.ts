import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RoomSnapshot } from '@yunzhao/contracts';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { connectSocket, RoomStack, signRoomToken, startRoomStack, waitFor } from './room-harness';

// A proctor checking a waiting candidate's identity when the media node stops (without the
// peers leaving: a crash, a restart): the room opened again on the next node, from the
// session's timeline, still has the check under way, so neither of them starts over.

let stack: RoomStack;
let restarted: NestExpressApplication | undefined;
const sockets: Socket[] = [];

beforeAll(async () => {
  stack = await startRoomStack({ RECORDING_ENABLED: 'false' });
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await restarted?.close();
  await stack?.close();
});

async function join(mediaUrl: string, token: string, sessionId: string): Promise<RoomSnapshot> {
  const socket = await connectSocket(mediaUrl, { token, sessionId });
  sockets.push(socket);
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  const reply = await socket.emitWithAck('join', { rtpCapabilities });
  return reply.room as RoomSnapshot;
}

it('restores an identity check under way when the room opens again on a restarted node', async () => {
  const sid = randomUUID();
  const proctorId = randomUUID();
  const candidateId = randomUUID();
  const proctorPass = signRoomToken(stack.config, { sid, role: 'proctor', sub: proctorId });
  const candidatePass = signRoomToken(stack.config, {
    sid,
    role: 'candidate',
    sub: candidateId,
    slot: 1,
  });
  await join(stack.mediaUrl, proctorPass, sid);
  await join(stack.mediaUrl, candidatePass, sid);
  const proctor = sockets[0];
  expect(await proctor.emitWithAck('focusCandidate', { candidateUserId: candidateId })).toEqual({
    ok: true,
  });
  await waitFor(
    async () =>
      (
        await stack.db.query(
          `SELECT 1 FROM session_timeline WHERE session_id = $1 AND type = 'identityCheck.started'`,
          [sid],
        )
      ).length === 1,
    10_000,
    'the check on the timeline',
  );

  // The node stops with both of them in the room; a new one takes over.
  await stack.media.close();
  restarted = await createMediaApp(stack.config);
  await restarted.listen(0, '127.0.0.1');
  const url = (await restarted.getUrl()).replace('[::1]', '127.0.0.1');

  const proctorView = await join(url, proctorPass, sid);
  expect(proctorView.focusUserId).toBe(candidateId);
  const candidateView = await join(url, candidatePass, sid);
  expect(candidateView.focusUserId).toBe(proctorId);
}, 60_000);
