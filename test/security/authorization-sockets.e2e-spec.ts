import { ROOM_PERMISSIONS } from '@yunzhao/contracts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import {
  connectSocket,
  createUser,
  RoomStack,
  scheduleSession,
  signRoomToken,
  startRoomStack,
  TestUser,
} from '../room/room-harness';
import { login } from '../support/http';
import { junkBody, junkValue, prng } from './fuzz';

/**
 * The media signaling gateway from outside: real sockets with the room passes the api issues.
 * Every client event × every room role: refused with FORBIDDEN exactly where this table says
 * so; and the gateway handles no event this table (and the gateway's own permission table)
 * does not name.
 */
type Part = 'chief' | 'examiner' | 'clerk' | 'supervisor' | 'proctor' | 'candidate';
const PARTS: Part[] = ['chief', 'examiner', 'clerk', 'supervisor', 'proctor', 'candidate'];
const SENDERS: Part[] = ['chief', 'examiner', 'clerk', 'proctor', 'candidate'];

/** Who may send each client event (a supervisor watches unseen: no media, no room control). */
const SOCKET_TABLE: Record<string, Part[]> = {
  getRouterRtpCapabilities: PARTS,
  join: PARTS,
  createTransport: PARTS,
  connectTransport: PARTS,
  restartIce: PARTS,
  ready: PARTS,
  resumeConsumer: PARTS,
  produce: SENDERS,
  closeProducer: SENDERS,
  callIn: ['chief'],
  sendBack: ['chief'],
  endTurn: ['chief'],
  focusCandidate: ['proctor'],
  // Also refused to a real session's chief by the node (mock rooms only): see below.
  mockQuestion: ['chief'],
};

let stack: RoomStack;
let sessionId: string;
let otherSessionId: string;
const people = {} as Record<Part | 'hr' | 'examiner2' | 'otherChief' | 'otherCandidate', TestUser>;
const tokens = {} as Record<Part, string>;
const open: Socket[] = [];

async function roomToken(user: TestUser, session: string) {
  return request(stack.api.getHttpServer())
    .post(`/api/sessions/${session}/room-token`)
    .set('Authorization', `Bearer ${user.accessToken}`)
    .send({});
}

async function connect(token: unknown, session: unknown): Promise<Socket> {
  const socket = await connectSocket(stack.mediaUrl, { token, sessionId: session, locale: 'en' });
  open.push(socket);
  return socket;
}

async function refusal(token: unknown, session: unknown): Promise<string> {
  try {
    await connect(token, session);
    return 'admitted';
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? String(error);
  }
}

beforeAll(async () => {
  stack = await startRoomStack();
  const admin = await login(stack.api);
  const make = (name: string, roles: string[]) =>
    createUser(stack, admin.accessToken, `sock_${name}`, roles);
  people.hr = await make('hr', ['hr']);
  people.chief = await make('chief', ['chief_examiner']);
  people.examiner = await make('examiner', ['examiner']);
  people.examiner2 = await make('examiner2', ['examiner']);
  people.clerk = await make('clerk', ['score_clerk']);
  people.supervisor = await make('supervisor', ['supervisor']);
  people.proctor = await make('proctor', ['proctor']);
  people.candidate = await make('candidate', ['candidate']);
  people.otherChief = await make('ochief', ['chief_examiner']);
  people.otherCandidate = await make('ocandidate', ['candidate']);
  sessionId = await scheduleSession(stack, {
    hr: people.hr,
    chief: people.chief,
    examiners: [people.examiner, people.examiner2],
    supervisors: [people.supervisor],
    proctors: [people.proctor],
    candidates: [people.candidate],
  });
  // The score clerk is added to the panel by HR.
  await request(stack.api.getHttpServer())
    .patch(`/api/sessions/${sessionId}`)
    .set('Authorization', `Bearer ${people.hr.accessToken}`)
    .send({ scoreClerkId: people.clerk.id })
    .expect(200);
  otherSessionId = await scheduleSession(stack, {
    hr: people.hr,
    chief: people.otherChief,
    examiners: [people.examiner2, people.examiner],
    supervisors: [people.supervisor],
    candidates: [people.otherCandidate],
  });
  for (const part of PARTS) {
    const issued = await roomToken(people[part], sessionId);
    if (issued.status !== 200)
      throw new Error(`room token for ${part}: ${issued.status} ${JSON.stringify(issued.body)}`);
    tokens[part] = (issued.body as { token: string }).token;
  }
}, 180_000);

afterAll(async () => {
  for (const socket of open) socket.close();
  await stack?.close();
});

describe('the room door', () => {
  it('issues no room pass to a person of another session or no session', async () => {
    for (const user of [people.otherChief, people.otherCandidate, people.hr]) {
      expect([403, 404]).toContain((await roomToken(user, sessionId)).status);
    }
    expect(
      (
        await request(stack.api.getHttpServer())
          .post(`/api/sessions/${sessionId}/room-token`)
          .send({})
      ).status,
    ).toBe(401);
  });

  it('admits no socket without a pass, with a forged pass or with a pass for another session', async () => {
    expect(await refusal(undefined, sessionId)).toBe('UNAUTHENTICATED');
    expect(await refusal('not-a-jwt', sessionId)).toBe('UNAUTHENTICATED');
    const forged = signRoomToken(
      stack.config,
      { sid: sessionId, role: 'chief_examiner' },
      'x'.repeat(64),
    );
    expect(await refusal(forged, sessionId)).toBe('UNAUTHENTICATED');
    expect(await refusal(tokens.chief, otherSessionId)).toBe('ROOM_WRONG_SESSION');
    // An api access token is not a room pass.
    expect(await refusal(people.chief.accessToken, sessionId)).not.toBe('admitted');
  });
});

describe('socket event permissions', () => {
  it('covers every event the gateway handles, and matches its permission table', () => {
    const source = fs.readFileSync(
      path.join(__dirname, '../../apps/media/src/signaling/signaling.gateway.ts'),
      'utf8',
    );
    const handled = new Set<string>();
    // What the dispatcher acts on (server-to-client events elsewhere in the file are not asked).
    const dispatcher = source.slice(source.indexOf('private async dispatch('));
    for (const match of dispatcher.matchAll(/case '(\w+)'/g)) handled.add(match[1]);
    for (const match of dispatcher.matchAll(/event === '(\w+)'/g)) handled.add(match[1]);
    for (const match of source.matchAll(/socket\.on\('(\w+)'/g)) handled.add(match[1]);
    expect(handled.size).toBeGreaterThan(10);
    handled.delete('ping'); // liveness, answered for every admitted socket
    const tableEvents = Object.keys(SOCKET_TABLE).sort();
    expect([...handled].filter((e) => !(e in SOCKET_TABLE))).toEqual([]);
    expect(Object.keys(ROOM_PERMISSIONS).sort()).toEqual(tableEvents);
  });

  it('refuses exactly the events a role may not send, on real sockets with real passes', async () => {
    const wrong: string[] = [];
    for (const part of PARTS) {
      const socket = await connect(tokens[part], sessionId);
      for (const [event, allowed] of Object.entries(SOCKET_TABLE)) {
        // An empty body: an allowed event fails validation or "join first", never FORBIDDEN.
        const answer = (await socket.timeout(10_000).emitWithAck(event, {})) as {
          error?: { code: string };
        };
        const forbidden = answer?.error?.code === 'FORBIDDEN';
        if (forbidden === allowed.includes(part))
          wrong.push(`${event} as ${part}: ${JSON.stringify(answer)}`);
        if (answer?.error?.code === 'INTERNAL_ERROR') wrong.push(`${event} as ${part}: internal`);
      }
      socket.close();
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("refuses a real session's chief the mock-interview question", async () => {
    const socket = await connect(tokens.chief, sessionId);
    const answer = (await socket.emitWithAck('mockQuestion', { index: 0 })) as {
      error?: { code: string };
    };
    expect(answer.error?.code).toBeDefined();
    expect(answer.error?.code).not.toBe('INTERNAL_ERROR');
  });
});

describe('malformed socket payloads', () => {
  it('answers every event with an error, never an internal one, and keeps the socket and node up', async () => {
    const random = prng(20261125);
    const wrong: string[] = [];
    for (const part of ['chief', 'candidate'] as const) {
      const socket = await connect(tokens[part], sessionId);
      for (const event of Object.keys(SOCKET_TABLE)) {
        for (let i = 0; i < 6; i++) {
          const payload =
            i % 2
              ? junkValue(random)
              : junkBody(random, [
                  'direction',
                  'kind',
                  'rtpParameters',
                  'transportId',
                  'consumerId',
                  'candidateUserId',
                  'index',
                ]);
          const answer = (await socket.timeout(10_000).emitWithAck(event, payload)) as {
            error?: { code: string };
          };
          if (answer?.error?.code === 'INTERNAL_ERROR')
            wrong.push(`${event} as ${part}: ${JSON.stringify(payload).slice(0, 120)}`);
        }
      }
      expect(socket.connected).toBe(true);
      expect(await socket.emitWithAck('ping', {})).toMatchObject({ pong: true });
      socket.close();
    }
    expect(wrong).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
