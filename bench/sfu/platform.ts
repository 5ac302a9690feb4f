/**
 * The platform under load: the real api (issues room tokens against a real
 * test database) and the real media node, started with the test harness
 * (test/room/room-harness.ts). Synthetic participants speak the real
 * signaling (socket.io, room tokens, join / callIn / produce / ready /
 * newConsumer / resumeConsumer), so the room rules, the recorders and the
 * timeline all run as in production.
 *
 * The one bench-only step: a browser's WebRtcTransport needs ICE + DTLS, which
 * a Node generator cannot do cheaply, so the bench (in the media node's
 * process) gives each synthetic peer PlainTransports on its room's router
 * instead — placed in the peer's transport map exactly where `createTransport`
 * puts a WebRtcTransport. No platform code changes and no switch in production.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { types as ms } from 'mediasoup';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { JwtService } from '@nestjs/jwt';
import { AccessClaims, hashPassword } from '@yunzhao/accounts';
import type { Role } from '@yunzhao/contracts';
import { RecordingService } from '../../apps/media/src/recording/recording.service';
import type { Peer } from '../../apps/media/src/rooms/peer';
import type { Room } from '../../apps/media/src/rooms/room';
import { RoomRegistry } from '../../apps/media/src/rooms/room-registry.service';
import { WorkerPool } from '../../apps/media/src/workers/worker-pool.service';
import { loadConfig } from '@yunzhao/config';
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { testEnv } from '../../test/support/config';
import { createTestDatabase } from '../../test/support/database';
import {
  connectSocket,
  RoomStack,
  scheduleSession,
  TestUser,
  waitFor,
} from '../../test/room/room-harness';
import type { GeneratorClient } from './generator-client';
import { plainReceiveCapabilities, producerRtpParameters, ROOM_SHAPE, Seat } from './shape';
import { childrenNamed } from './cpu';

export interface LiveProducer {
  sessionId: string;
  producerId: string;
  ssrc: number;
  kind: 'audio' | 'video';
  seat: string;
  producedAt: number;
}

/** A consumer the platform opened for a synthetic receiver: which producer an SSRC carries. */
export interface LiveConsumer {
  receiverId: string;
  ssrc: number;
  producerId: string;
  kind: 'audio' | 'video';
}

export interface Load {
  label: string;
  rooms: number;
  producers: LiveProducer[];
  addRoom(): Promise<void>;
  workerPids(): Promise<number[]>;
  recorderPids(): number[];
  /** SSRCs the SFU also forwards to a recorder not counted by the generator's receivers. */
  recordedSsrcs(): Set<number>;
  close(): Promise<void>;
}

type Ack = { error?: { code: string; message: string } } & Record<string, unknown>;

async function call<T = Ack>(socket: Socket, event: string, payload: object = {}): Promise<T> {
  const reply = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack;
  if (reply?.error) throw new Error(`${event}: ${reply.error.code} ${reply.error.message}`);
  return reply as T;
}

const rand32 = () => randomBytes(4).readUInt32BE(0) || 1;

export async function startPlatform(
  generator: GeneratorClient,
  options: { recording: boolean; workers: number; recordingDir?: string },
): Promise<Load & { stack: RoomStack; consumers: LiveConsumer[]; stopMedia(): Promise<void> }> {
  const stack = await startStack({
    MEDIA_WORKERS: String(options.workers),
    RECORDING_ENABLED: String(options.recording),
    RECORDING_DIR: options.recordingDir ?? path.join(process.cwd(), 'var', 'bench', 'recordings'),
    ROOM_TOKEN_TTL_SECONDS: '3600',
    MEDIA_PEER_GRACE_SECONDS: '2',
  });
  const media: NestExpressApplication = stack.media;
  const tag = randomBytes(3).toString('hex');
  const users = new BenchUsers(stack);
  const [hr] = await users.create([{ username: `bench-hr-${tag}`, role: 'hr' }]);
  const sockets: Socket[] = [];
  const producers: LiveProducer[] = [];
  const consumers: LiveConsumer[] = [];
  let rooms = 0;
  let mediaStopped = false;

  const registry = media.get(RoomRegistry);

  async function addRoom(): Promise<void> {
    const n = ++rooms;
    const created = await users.create(
      ROOM_SHAPE.map((seat) => ({ username: `b${tag}-${n}-${seat.key}`, role: seat.role })),
    );
    const seated = new Map(ROOM_SHAPE.map((seat, i) => [seat.key, created[i]]));
    const get = (key: string) => seated.get(key) as TestUser;
    const sessionId = await scheduleSession(stack, {
      hr,
      chief: get('chief'),
      examiners: [1, 2, 3, 4].map((i) => get(`examiner${i}`)),
      supervisors: [get('supervisor')],
      candidates: [get('candidate')],
    });
    // Room tokens are the api's own (POST /api/sessions/:id/room-token), as a page gets them.
    const joined = new Map<string, Socket>();
    await Promise.all(
      ROOM_SHAPE.map(async (seat) => {
        const pass = await request(stack.api.getHttpServer())
          .post(`/api/sessions/${sessionId}/room-token`)
          .set('Authorization', `Bearer ${get(seat.key).accessToken}`)
          .send({ device: 'main' })
          .expect(200);
        const { token, mediaUrl } = pass.body as { token: string; mediaUrl: string };
        const socket = await connectSocket(mediaUrl, { token, sessionId });
        sockets.push(socket);
        joined.set(seat.key, socket);
      }),
    );
    const first = joined.get('candidate') as Socket;
    const { rtpCapabilities } = await call<{ rtpCapabilities: { codecs: { mimeType: string }[] } }>(
      first,
      'getRouterRtpCapabilities',
    );
    const caps = plainReceiveCapabilities(rtpCapabilities);
    for (const seat of ROOM_SHAPE)
      await call(joined.get(seat.key) as Socket, 'join', { rtpCapabilities: caps });
    await call(joined.get('chief') as Socket, 'callIn', {});
    const room = registry.get(sessionId);
    if (!room) throw new Error(`room ${sessionId} not open on the media node`);
    for (const seat of ROOM_SHAPE)
      await wirePeer(room, sessionId, seat, joined.get(seat.key) as Socket);
  }

  async function wirePeer(
    room: Room,
    sessionId: string,
    seat: Seat,
    socket: Socket,
  ): Promise<void> {
    const peer = room.peerBySocket(socket.id as string);
    if (!peer) throw new Error(`no peer for ${seat.key}`);
    const receiverId = `${sessionId}/${seat.key}`;
    const receiverPort = await generator.addReceiver(receiverId);
    // newConsumer: tell the receiver what to expect, then resume (the real client's order).
    socket.on(
      'newConsumer',
      (consumer: {
        consumerId: string;
        producerId: string;
        kind: 'audio' | 'video';
        rtpParameters: ms.RtpParameters;
      }) => {
        const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0;
        const clockRate = consumer.rtpParameters.codecs[0].clockRate;
        consumers.push({ receiverId, ssrc, producerId: consumer.producerId, kind: consumer.kind });
        void generator
          .request({ op: 'expect', receiverId, ssrc, clockRate })
          .then(() => call(socket, 'resumeConsumer', { consumerId: consumer.consumerId }))
          .catch((error: unknown) => process.stderr.write(`resume failed: ${String(error)}\n`));
      },
    );
    const { send, recv } = await room.serial(async () => {
      const router = routerOf(room);
      const send =
        seat.video === null
          ? undefined
          : await router.createPlainTransport({
              listenIp: '127.0.0.1',
              rtcpMux: true,
              comedia: true,
              appData: { direction: 'send' },
            });
      const recv = await router.createPlainTransport({
        listenIp: '127.0.0.1',
        rtcpMux: true,
        comedia: false,
        appData: { direction: 'recv' },
      });
      await recv.connect({ ip: '127.0.0.1', port: receiverPort });
      for (const transport of [send, recv]) if (transport) adopt(peer, transport);
      return { send, recv };
    });
    void recv;
    await call(socket, 'ready');
    if (!send || seat.video === null) return;
    const streams = [
      {
        kind: 'video' as const,
        profile: seat.video,
        payloadType: 96,
        ssrc: rand32(),
        source: 'camera',
      },
      {
        kind: 'audio' as const,
        profile: 'audio' as const,
        payloadType: 111,
        ssrc: rand32(),
        source: 'mic',
      },
    ];
    for (const s of streams) {
      const { id } = await call<{ id: string }>(socket, 'produce', {
        transportId: send.id,
        kind: s.kind,
        rtpParameters: producerRtpParameters(s.kind, s.ssrc, receiverId),
        source: s.source,
      });
      producers.push({
        sessionId,
        producerId: id,
        ssrc: s.ssrc,
        kind: s.kind,
        seat: seat.key,
        producedAt: Date.now(),
      });
    }
    await generator.request({
      op: 'addSender',
      id: receiverId,
      host: '127.0.0.1',
      port: send.tuple.localPort,
      streams: streams.map(({ profile, ssrc, payloadType }) => ({ profile, ssrc, payloadType })),
    });
  }

  const stopMedia = async () => {
    if (mediaStopped) return;
    mediaStopped = true;
    const workerPids = (await media.get(WorkerPool).status()).map((w) => w.pid);
    for (const socket of sockets) socket.close();
    await media.close();
    // Idle means idle: every recorder's ffmpeg and every mediasoup worker has exited.
    await waitFor(
      () =>
        childrenNamed(process.pid, 'ffmpeg').length === 0 &&
        workerPids.every((pid) => !processAlive(pid)),
      30_000,
      'recorders and mediasoup workers to exit',
    );
  };

  return {
    label: 'platform',
    stack,
    producers,
    consumers,
    get rooms() {
      return rooms;
    },
    addRoom,
    workerPids: async () =>
      (await media.get(WorkerPool).status()).map((w) => w.pid).filter((pid) => pid > 0),
    recorderPids: () => childrenNamed(process.pid, 'ffmpeg'),
    recordedSsrcs: () => {
      if (!options.recording) return new Set();
      const recorded = new Set(
        media
          .get(RecordingService)
          .status()
          .details.map((d) => (d as { producerId?: string }).producerId),
      );
      return new Set(producers.filter((p) => recorded.has(p.producerId)).map((p) => p.ssrc));
    },
    stopMedia,
    async close() {
      await stopMedia();
      await stack.api.close();
      await stack.db.drop();
    },
  };
}

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The one password every bench user has, hashed once per run (not per user). */
const BENCH_PASSWORD = 'bench-password-1';
let benchHash: Promise<string> | undefined;

/**
 * The bench's people, written straight into `users` (one shared, precomputed
 * password hash) with access tokens signed by the api's own JwtService, as
 * its login would issue them: no scrypt per user, so a room is set up in
 * seconds. Everything they then do (schedule, room tokens, signaling) goes
 * through the api and the media node.
 */
class BenchUsers {
  private readonly jwt: JwtService;

  constructor(private readonly stack: RoomStack) {
    this.jwt = stack.api.get(JwtService);
  }

  async create(people: { username: string; role: Role }[]): Promise<TestUser[]> {
    benchHash ??= hashPassword(BENCH_PASSWORD);
    const hash = await benchHash;
    const values = people.map(
      (_, i) =>
        `($${i * 2 + 1}, $${i * 2 + 1}, $${people.length * 2 + 1}, ARRAY[$${i * 2 + 2}]::text[])`,
    );
    const rows = await this.stack.db.query<{ id: string; username: string }>(
      `INSERT INTO users (username, display_name, password_hash, roles) VALUES ${values.join(', ')}
       RETURNING id, username`,
      [...people.flatMap((p) => [p.username, p.role]), hash],
    );
    const ids = new Map(rows.map((r) => [r.username, r.id]));
    const ttl = this.stack.config.auth.accessTtlSeconds;
    return people.map((p) => {
      const id = ids.get(p.username) as string;
      const claims: AccessClaims = {
        sub: id,
        username: p.username,
        roles: [p.role],
        typ: 'access',
      };
      return {
        id,
        username: p.username,
        password: BENCH_PASSWORD,
        accessToken: this.jwt.sign(claims, { expiresIn: ttl }),
        refreshToken: '',
      };
    });
  }
}

/**
 * test/room/room-harness.ts's stack (a fresh test database, the media node, then
 * the api pointing at it), except that the database is migrated first: the
 * media node's recorder service reads its tables at boot.
 */
async function startStack(extraEnv: Record<string, string>): Promise<RoomStack> {
  const db = await createTestDatabase();
  const env = testEnv(db.url, extraEnv);
  const migrator = new DataSource(dataSourceOptions(db.url));
  await migrator.initialize();
  try {
    await runMigrations(migrator);
  } finally {
    await migrator.destroy();
  }
  const media = await createMediaApp(loadConfig(env));
  await media.listen(0, '127.0.0.1');
  const mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  const config = loadConfig({ ...env, MEDIA_PUBLIC_URL: mediaUrl });
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  return {
    db,
    config,
    api,
    media,
    apiUrl: (await api.getUrl()).replace('[::1]', '127.0.0.1'),
    mediaUrl,
    async close() {
      await media.close();
      await api.close();
      await db.drop();
    },
  };
}

/** The room's router: private to Room, read here only to give bench peers PlainTransports. */
function routerOf(room: Room): ms.Router {
  const router = (room as unknown as { router?: ms.Router }).router;
  if (!router || typeof router.createPlainTransport !== 'function')
    throw new Error('Room no longer keeps its router in `router`: update bench/sfu/platform.ts');
  return router;
}

/** Puts a transport where Room.createTransport would, with the same cleanup on close. */
function adopt(peer: Peer, transport: ms.PlainTransport): void {
  peer.transports.set(transport.id, transport as unknown as ms.WebRtcTransport);
  transport.observer.once('close', () => peer.transports.delete(transport.id));
}
