// Several api and media processes on this machine, as one deployment: real child processes
// (so a kill is a real crash), one Postgres database, one Redis prefix, one JWT secret, and
// signaling clients without media. Module state is per test file (jest isolates modules).
import type { INestApplication } from '@nestjs/common';
import type { RoomSnapshot } from '@yunzhao/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Socket } from 'socket.io-client';
import { connectSocket, waitFor } from '../room/room-harness';
import { api, TestUser } from '../scoring/fixtures';

const root = path.resolve(__dirname, '../..');

export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output: string;
}

export interface RoomPass {
  token: string;
  mediaUrl: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The environment every process of the cluster shares; set it before starting any. */
let env: Record<string, string> = {};
const apps: AppProcess[] = [];
const sockets: Socket[] = [];

export function useClusterEnv(shared: Record<string, string>): void {
  env = shared;
}

/** Runs an app from its TypeScript source, as its own process. */
export function startApp(name: string, entry: string, extra: Record<string, string>, url: string) {
  const child = spawn(process.execPath, ['-r', './scripts/ts-register.js', entry], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const app: AppProcess = { name, url, child, output: '' };
  for (const stream of [child.stdout, child.stderr])
    stream?.on(
      'data',
      (chunk: Buffer) => (app.output = (app.output + chunk.toString()).slice(-20_000)),
    );
  apps.push(app);
  return app;
}

export async function healthy(app: AppProcess, healthPath: string): Promise<void> {
  await waitFor(
    async () => {
      if (app.child.exitCode !== null)
        throw new Error(`${app.name} exited (${app.child.exitCode}):\n${app.output}`);
      return (await fetch(`${app.url}${healthPath}`)).ok;
    },
    90_000,
    `${app.name} to be healthy`,
    300,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${app.name} output:\n${app.output}`);
  });
}

export async function startMedia(
  name: string,
  nodeId: string,
  rtcMinPort: number,
): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startApp(
    name,
    'apps/media/src/main.ts',
    {
      MEDIA_PORT: String(port),
      MEDIA_NODE_ID: nodeId,
      MEDIA_NODE_PUBLIC_URL: url,
      MEDIA_WORKERS: '1',
      MEDIA_RTC_MIN_PORT: String(rtcMinPort),
      MEDIA_RTC_MAX_PORT: String(rtcMinPort + 199),
    },
    url,
  );
}

export async function startApi(name: string): Promise<AppProcess> {
  const port = await freePort();
  return startApp(name, 'apps/api/src/main.ts', { PORT: String(port) }, `http://127.0.0.1:${port}`);
}

/** What the fixtures need of an app: supertest takes the api's URL as well as a server. */
export const remote = (app: AppProcess) =>
  ({ getHttpServer: () => app.url }) as unknown as INestApplication;

export async function roomPass(
  through: AppProcess,
  sessionId: string,
  user: TestUser,
): Promise<RoomPass> {
  // A client retries a 503 (the api answers so while Postgres or Redis is slow to answer).
  for (let attempt = 1; ; attempt++) {
    const response = await api(remote(through)).post(
      `/sessions/${sessionId}/room-token`,
      { device: 'main' },
      user.token,
    );
    if (response.status === 200) return response.body as RoomPass;
    if (response.status !== 503 || attempt === 3)
      throw new Error(`room token: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

/** A signaling client without media, joined to the session's room on the node it was sent to. */
export async function joinRoom(pass: RoomPass, sessionId: string): Promise<Socket> {
  return (await joinRoomWithSnapshot(pass, sessionId)).socket;
}

export async function joinRoomWithSnapshot(
  pass: RoomPass,
  sessionId: string,
): Promise<{ socket: Socket; room: RoomSnapshot }> {
  const socket = await connectSocket(pass.mediaUrl, { token: pass.token, sessionId });
  sockets.push(socket);
  const caps = (await socket.timeout(20_000).emitWithAck('getRouterRtpCapabilities', {})) as {
    rtpCapabilities: unknown;
  };
  const joined = (await socket
    .timeout(20_000)
    .emitWithAck('join', { rtpCapabilities: caps.rtpCapabilities })) as {
    error?: unknown;
    room: RoomSnapshot;
  };
  expect(joined.error).toBeUndefined();
  return { socket, room: joined.room };
}

/** Closes the clients and stops every process (SIGTERM, then SIGKILL after 10 s). */
export async function stopCluster(): Promise<void> {
  for (const socket of sockets) socket.close();
  await Promise.all(
    apps.map(
      (app) =>
        new Promise<void>((resolve) => {
          if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve();
          app.child.once('exit', () => resolve());
          app.child.kill('SIGTERM');
          setTimeout(() => app.child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}
