import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';

interface WorkerStatus {
  slot: number;
  pid: number;
  routers: number;
  usage: { cpuUserMs: number; cpuSystemMs: number; maxRssKb: number } | null;
}

let app: NestExpressApplication;
let url: string;
let db: TestDatabase;
// The media node writes session timelines, so it needs a database (empty is enough here).
let config: ReturnType<typeof testConfig>;
const sign = (claims: object, secret = config.auth.jwtSecret) =>
  new JwtService({ secret }).sign(claims, { issuer: 'yunzhao', expiresIn: 60 });

async function workers(): Promise<WorkerStatus[]> {
  const response = await request(app.getHttpServer()).get('/health');
  return (response.body as { workers: WorkerStatus[] }).workers;
}

function connect(token: unknown, sessionId?: string): Promise<Socket> {
  const socket = io(url, {
    auth: { token, sessionId },
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  config = testConfig(db.url, { MEDIA_WORKERS: '2' });
  app = await createMediaApp(config);
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('media node health', () => {
  it('lists every live mediasoup worker with its pid and resource usage', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.redis).toBe('up');
    const list = response.body.workers as WorkerStatus[];
    expect(list.map((w) => w.slot)).toEqual([0, 1]);
    for (const worker of list) {
      expect(worker.pid).toBeGreaterThan(0);
      expect(() => process.kill(worker.pid, 0)).not.toThrow();
      expect(worker.usage?.maxRssKb).toBeGreaterThan(0);
    }
  });

  it('replaces a SIGKILLed worker within 2 seconds', async () => {
    const before = await workers();
    const victim = before[1].pid;
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    let replacement = 0;
    while (Date.now() - killedAt < 2000) {
      const pid = (await workers())[1].pid;
      if (pid > 0 && pid !== victim) {
        replacement = pid;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(replacement).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    expect(() => process.kill(replacement, 0)).not.toThrow();
    // The untouched worker kept running.
    expect((await workers())[0].pid).toBe(before[0].pid);
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});

describe('signaling gateway', () => {
  it('accepts a socket with a room token signed by the platform', async () => {
    const now = Math.floor(Date.now() / 1000);
    const socket = await connect(
      sign({
        typ: 'room',
        sub: 'u1',
        sid: 's1',
        role: 'chief_examiner',
        name: 'chief',
        device: 'main',
        windowStart: now,
        windowEnd: now + 3600,
      }),
      's1',
    );
    const reply = await socket.emitWithAck('ping', {});
    expect(reply).toEqual({ pong: true, user: 'u1', workers: 2 });
    socket.close();
  });

  it.each([
    ['no token', undefined],
    ['a token that is not a string', { forged: true }],
    [
      'a token signed with another secret',
      sign({ sub: 'u2', roles: [], typ: 'access' }, 'another-secret-another-secret-xx'),
    ],
    ['garbage', 'not.a.jwt'],
  ])('refuses a socket with %s', async (_, token) => {
    await expect(connect(token)).rejects.toThrow('UNAUTHENTICATED');
  });
});
