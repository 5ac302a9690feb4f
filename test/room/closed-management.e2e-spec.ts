import { JwtService } from '@nestjs/jwt';
import type { NewConsumer, RoomSnapshot } from '@yunzhao/contracts';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  connectSocket,
  createUser,
  RoomStack,
  scheduleSession,
  signRoomToken,
  startRoomStack,
  waitFor,
} from './room-harness';

let stack: RoomStack;
const sockets: Socket[] = [];
const hour = 3600;
const now = () => Math.floor(Date.now() / 1000);

async function open(token: unknown, sessionId: unknown, locale?: string): Promise<Socket> {
  const socket = await connectSocket(stack.mediaUrl, { token, sessionId, locale });
  sockets.push(socket);
  return socket;
}

async function refusalOf(
  token: unknown,
  sessionId: unknown,
): Promise<{ code: string; data: unknown }> {
  const error = await open(token, sessionId).then(
    () => {
      throw new Error('the socket was admitted');
    },
    (e: Error & { data?: unknown }) => e,
  );
  return { code: error.message, data: error.data };
}

/** A peer that joined with the router's own capabilities (enough to consume over signaling). */
async function joinAs(socket: Socket) {
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  const reply = await socket.emitWithAck('join', { rtpCapabilities });
  return { rtpCapabilities, room: reply.room as RoomSnapshot };
}

const VP8_PARAMETERS = (ssrc: number) => ({
  codecs: [
    { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] },
  ],
  encodings: [{ ssrc }],
  headerExtensions: [],
  rtcp: { cname: `c${ssrc}`, reducedSize: true },
});

beforeAll(async () => {
  // The door opens an hour early (not the default 30 min): the api and the media node must agree.
  stack = await startRoomStack({ ROOM_EARLY_JOIN_MINUTES: '60' });
}, 60_000);

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await stack?.close();
});

describe('the room door (closed management)', () => {
  const sid = randomUUID();

  it('refuses a socket without a token, with garbage, or signed with another secret', async () => {
    expect((await refusalOf(undefined, sid)).code).toBe('UNAUTHENTICATED');
    expect((await refusalOf('not.a.jwt', sid)).code).toBe('UNAUTHENTICATED');
    const forged = signRoomToken(stack.config, { sid, role: 'chief_examiner' }, 'x'.repeat(40));
    expect((await refusalOf(forged, sid)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a login (access) token: only a room token opens a room', async () => {
    const access = new JwtService({ secret: stack.config.auth.jwtSecret }).sign(
      { sub: randomUUID(), username: 'chief', roles: ['chief_examiner'], typ: 'access' },
      { issuer: 'yunzhao', expiresIn: 60 },
    );
    const refused = await refusalOf(access, sid);
    expect(refused.code).toBe('ROOM_TOKEN_INVALID');
    expect(refused.data).toEqual({
      code: 'ROOM_TOKEN_INVALID',
      message: expect.stringContaining('入场凭证'),
    });
  });

  it("refuses another session's token", async () => {
    const token = signRoomToken(stack.config, { sid: randomUUID(), role: 'candidate', slot: 1 });
    expect((await refusalOf(token, sid)).code).toBe('ROOM_WRONG_SESSION');
    expect((await refusalOf(token, undefined)).code).toBe('ROOM_WRONG_SESSION');
  });

  it('refuses outside [window start − early join, window end + 30 min] and admits inside it', async () => {
    const ended = signRoomToken(stack.config, {
      sid,
      role: 'examiner',
      windowStart: now() - 4 * hour,
      windowEnd: now() - hour,
    });
    expect((await refusalOf(ended, sid)).code).toBe('ROOM_OUTSIDE_WINDOW');
    const tooEarly = signRoomToken(stack.config, {
      sid,
      role: 'examiner',
      windowStart: now() + 2 * hour,
      windowEnd: now() + 4 * hour,
    });
    expect((await refusalOf(tooEarly, sid)).code).toBe('ROOM_OUTSIDE_WINDOW');
    const earlyButAllowed = signRoomToken(stack.config, {
      sid,
      role: 'examiner',
      windowStart: now() + 20 * 60,
      windowEnd: now() + 2 * hour,
    });
    const socket = await open(earlyButAllowed, sid);
    expect(await socket.emitWithAck('ping', {})).toMatchObject({ pong: true });
  });

  it('admits a pass the api issues at the earliest moment it issues one', async () => {
    const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
    const make = (username: string, roles: string[]) =>
      createUser(stack, admin.accessToken, username, roles);
    const hr = await make('hrofficer', ['hr']);
    const chief = await make('chief', ['chief_examiner']);
    const examiners = [await make('exam1', ['examiner']), await make('exam2', ['examiner'])];
    const candidate = await make('cand', ['candidate']);
    const supervisors = [await make('super', ['supervisor'])];
    const plan = { hr, chief, examiners, supervisors, candidates: [candidate] };
    const soon = await scheduleSession(stack, { ...plan, startsIn: 50 });
    const issued = await request(stack.api.getHttpServer())
      .post(`/api/sessions/${soon}/room-token`)
      .set('Authorization', `Bearer ${chief.accessToken}`)
      .send({})
      .expect(200);
    expect(issued.body.mediaUrl).toBe(stack.mediaUrl);
    const socket = await open(issued.body.token, soon);
    expect(await socket.emitWithAck('ping', {})).toMatchObject({ pong: true });
    // Before the door opens the api issues nothing, so nothing reaches the media node.
    const later = await scheduleSession(stack, {
      ...plan,
      candidates: [await make('cand2', ['candidate'])],
      startsIn: 70,
    });
    const refused = await request(stack.api.getHttpServer())
      .post(`/api/sessions/${later}/room-token`)
      .set('Authorization', `Bearer ${chief.accessToken}`)
      .send({})
      .expect(422);
    expect(refused.body.code).toBe('SESSION_OUTSIDE_JOIN_WINDOW');
  });

  it('cuts a disabled account out of the room and refuses the pass it still holds', async () => {
    const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
    const examiner = await createUser(stack, admin.accessToken, 'exam.disabled', ['examiner']);
    const setDisabled = (disabled: boolean) =>
      request(stack.api.getHttpServer())
        .patch(`/api/users/${examiner.id}`)
        .set('Authorization', `Bearer ${admin.accessToken}`)
        .send({ disabled })
        .expect(200);
    const room = randomUUID();
    const pass = signRoomToken(stack.config, { sid: room, role: 'examiner', sub: examiner.id });
    const socket = await open(pass, room);
    await joinAs(socket);
    const cut = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    await setDisabled(true);
    // The media node looks every 5 s.
    const reason = await Promise.race([
      cut,
      new Promise((resolve) => setTimeout(() => resolve('still connected'), 15_000).unref()),
    ]);
    expect(reason).toBe('io server disconnect');
    expect((await refusalOf(pass, room)).code).toBe('ROOM_TOKEN_INVALID');

    // Enabled again, the same pass opens the room.
    await setDisabled(false);
    const back = await open(pass, room);
    expect(await back.emitWithAck('ping', {})).toMatchObject({ pong: true });
  });

  it('refuses a side-camera token for anyone but a candidate', async () => {
    const token = signRoomToken(stack.config, { sid, role: 'examiner', device: 'side' });
    expect((await refusalOf(token, sid)).code).toBe('ROOM_TOKEN_INVALID');
  });
});

describe('room messages', () => {
  it("refuses a candidate's chief-only messages, logs them on the timeline, and keeps the socket", async () => {
    const sid = randomUUID();
    const candidateId = randomUUID();
    const candidate = await open(
      signRoomToken(stack.config, { sid, role: 'candidate', sub: candidateId, slot: 1 }),
      sid,
    );
    await joinAs(candidate);
    for (const event of ['callIn', 'sendBack', 'endTurn']) {
      const reply = await candidate.emitWithAck(event, {});
      expect(reply).toEqual({
        error: {
          code: 'FORBIDDEN',
          message: '您的角色无权执行此操作',
          details: { event, role: 'candidate' },
        },
      });
    }
    expect(await candidate.emitWithAck('focusCandidate', { candidateUserId: null })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    // The candidate is still waiting, and still connected.
    expect(candidate.connected).toBe(true);
    const rows = await waitFor(
      async () => {
        const found = await stack.db.query<{
          type: string;
          actor_user_id: string;
          payload: { event: string };
        }>(
          `SELECT type, actor_user_id, payload FROM session_timeline WHERE session_id = $1 AND type = 'message.refused' ORDER BY seq`,
          [sid],
        );
        return found.length === 4 && found;
      },
      5000,
      'refusals on the timeline',
    );
    expect(rows.map((r) => r.payload.event)).toEqual([
      'callIn',
      'sendBack',
      'endTurn',
      'focusCandidate',
    ]);
    expect(rows.every((r) => r.actor_user_id === candidateId)).toBe(true);
  });

  it('refuses media from the supervisor', async () => {
    const sid = randomUUID();
    const supervisor = await open(signRoomToken(stack.config, { sid, role: 'supervisor' }), sid);
    await joinAs(supervisor);
    const transport = await supervisor.emitWithAck('createTransport', { direction: 'recv' });
    expect(transport.id).toEqual(expect.any(String));
    const reply = await supervisor.emitWithAck('produce', {
      transportId: transport.id,
      kind: 'video',
      rtpParameters: VP8_PARAMETERS(1234),
      source: 'camera',
    });
    expect(reply.error.code).toBe('FORBIDDEN');
  });

  it('answers malformed messages with VALIDATION_FAILED in the asked language, never a crash', async () => {
    const sid = randomUUID();
    const chief = await open(
      signRoomToken(stack.config, { sid, role: 'chief_examiner' }),
      sid,
      'en',
    );
    expect(await chief.emitWithAck('createTransport', { direction: 'send' })).toMatchObject({
      error: { code: 'ROOM_NOT_JOINED', message: 'Join the room first' },
    });
    expect(await chief.emitWithAck('join', { rtpCapabilities: 'all of them' })).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: 'The message is invalid' },
    });
    await joinAs(chief);
    const cases: [string, unknown][] = [
      ['callIn', { candidateUserId: 'x', admin: true }],
      ['callIn', 42],
      ['callIn', [1, 2]],
      ['createTransport', { direction: 'sideways' }],
      ['connectTransport', { transportId: 'x'.repeat(500), dtlsParameters: {} }],
      ['produce', { transportId: 't', kind: 'video', rtpParameters: {}, source: 'screen' }],
    ];
    for (const [event, payload] of cases) {
      const reply = await chief.emitWithAck(event, payload);
      expect({ event, code: reply.error?.code }).toEqual({ event, code: 'VALIDATION_FAILED' });
    }
    // mediasoup's own checks: garbage DTLS parameters for a real transport.
    const transport = await chief.emitWithAck('createTransport', { direction: 'send' });
    const garbage = await chief.emitWithAck('connectTransport', {
      transportId: transport.id,
      dtlsParameters: { fingerprints: 'none' },
    });
    expect(garbage.error.code).toMatch(/VALIDATION_FAILED|INTERNAL_ERROR/);
    expect(await chief.emitWithAck('closeProducer', { producerId: 'nope' })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    // Messages without an ack, and unknown events, are ignored; the socket still answers.
    chief.emit('callIn', { bogus: true });
    chief.emit('selfDestruct', {});
    expect(await chief.emitWithAck('ping', {})).toMatchObject({ pong: true });
    expect(await chief.emitWithAck('callIn', {})).toMatchObject({
      error: { code: 'ROOM_NO_WAITING_CANDIDATE' },
    });
  });
});

describe('areas', () => {
  it('a waiting candidate receives no panel media until called in, and loses it when sent back', async () => {
    const sid = randomUUID();
    const chief = await open(
      signRoomToken(stack.config, { sid, role: 'chief_examiner', name: '主考官' }),
      sid,
    );
    const supervisor = await open(
      signRoomToken(stack.config, { sid, role: 'supervisor', name: '监督员' }),
      sid,
    );
    const candidateId = randomUUID();
    const candidate = await open(
      signRoomToken(stack.config, {
        sid,
        role: 'candidate',
        sub: candidateId,
        name: '考生甲',
        slot: 1,
      }),
      sid,
    );
    const received: NewConsumer[] = [];
    const closed: string[] = [];
    const states: RoomSnapshot[] = [];
    candidate.on('newConsumer', (c: NewConsumer) => received.push(c));
    candidate.on('consumerClosed', (c: { consumerId: string }) => closed.push(c.consumerId));
    candidate.on('roomState', (s: RoomSnapshot) => states.push(s));

    await joinAs(chief);
    await joinAs(supervisor);
    const send = await chief.emitWithAck('createTransport', { direction: 'send' });
    const produced = await chief.emitWithAck('produce', {
      transportId: send.id,
      kind: 'video',
      rtpParameters: VP8_PARAMETERS(2222),
      source: 'camera',
    });
    expect(produced.id).toEqual(expect.any(String));

    const joined = await joinAs(candidate);
    expect(joined.room.self).toMatchObject({ role: 'candidate', area: 'waiting', slot: 1 });
    // The candidate lists only themselves: neither panel nor supervisor.
    expect(joined.room.participants.map((p) => p.role)).toEqual(['candidate']);
    await candidate.emitWithAck('createTransport', { direction: 'recv' });
    expect(await candidate.emitWithAck('ready', {})).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);

    expect(await chief.emitWithAck('callIn', {})).toEqual({ candidateUserId: candidateId });
    const consumer = await waitFor(() => received[0], 3000, 'the panel consumer');
    expect(consumer).toMatchObject({
      producerId: produced.id,
      role: 'chief_examiner',
      kind: 'video',
    });
    expect(
      await candidate.emitWithAck('resumeConsumer', { consumerId: consumer.consumerId }),
    ).toEqual({ ok: true });
    const inInterview = await waitFor(
      () => states.find((s) => s.self.area === 'interview'),
      3000,
      'the interview state',
    );
    expect(inInterview.participants.map((p) => p.role).sort()).toEqual([
      'candidate',
      'chief_examiner',
    ]);
    expect(inInterview.turn?.candidateUserId).toBe(candidateId);

    expect(await chief.emitWithAck('sendBack', {})).toEqual({ candidateUserId: candidateId });
    await waitFor(() => closed.includes(consumer.consumerId), 3000, 'the consumer to close');
    expect(await chief.emitWithAck('endTurn', {})).toEqual({ candidateUserId: candidateId });
    expect(await chief.emitWithAck('callIn', {})).toMatchObject({
      error: { code: 'ROOM_NO_WAITING_CANDIDATE' },
    });
  });
});
