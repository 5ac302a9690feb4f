import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type AppConfig } from '@yunzhao/config';
import type { RoomRole, RoomTokenClaims } from '@yunzhao/contracts';
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { io, Socket } from 'socket.io-client';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { testEnv } from '../support/config';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { makeApplication, makeCampaign, minutesFromNow } from '../sessions/fixtures';

/**
 * The api (migrates the database, serves the built web app, issues room
 * tokens) and a media node, both on free ports, sharing one database, one
 * Redis key prefix and one JWT secret. The api's MEDIA_PUBLIC_URL points at
 * the media node, so the pages reach it with what the api hands them.
 */
export interface RoomStack {
  db: TestDatabase;
  config: AppConfig;
  api: NestExpressApplication;
  media: NestExpressApplication;
  apiUrl: string;
  /** The media node itself (what the api announces, unless a relay stands in front). */
  mediaUrl: string;
  /** With `{ relay: true }`: the TCP relay the browsers' signaling goes through. */
  relay?: SignalingRelay;
  close(): Promise<void>;
}

export async function startRoomStack(
  extraEnv: Record<string, string> = {},
  options: { relay?: boolean; db?: TestDatabase } = {},
): Promise<RoomStack> {
  // A database of the caller's (a fault test's private server), or a fresh one.
  const db = options.db ?? (await createTestDatabase());
  const env = testEnv(db.url, {
    MEDIA_WORKERS: '1',
    MEDIA_PEER_GRACE_SECONDS: '5',
    ...extraEnv,
  });
  // The media node first: its port is what the api announces as MEDIA_PUBLIC_URL.
  const media = await createMediaApp(loadConfig(env));
  await media.listen(0, '127.0.0.1');
  const mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  const relay = options.relay ? await startRelay(new URL(mediaUrl).port) : undefined;
  const config = loadConfig({ ...env, MEDIA_PUBLIC_URL: relay?.url ?? mediaUrl });
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  return {
    db,
    config,
    api,
    media,
    apiUrl: (await api.getUrl()).replace('[::1]', '127.0.0.1'),
    mediaUrl,
    relay,
    async close() {
      await relay?.close();
      await media.close();
      await api.close();
      await db.drop();
    },
  };
}

/**
 * A TCP relay in front of the media node's signaling port: `cut()` drops every open connection
 * (a network blip), `hold()` refuses new ones until `release()`.
 */
export interface SignalingRelay {
  url: string;
  cut(): void;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: string | number): Promise<SignalingRelay> {
  const open = new Set<net.Socket>();
  let held = false;
  const server = net.createServer((client) => {
    if (held) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(targetPort), '127.0.0.1');
    for (const end of [client, upstream]) {
      open.add(end);
      end.on('close', () => open.delete(end));
      end.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const cut = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Signs a room token directly, shaped like the api's. Only for socket-level
 * door tests that need passes the api would never issue (forged, expired,
 * another session's, a role's forbidden messages); browser pages ask the api.
 */
export function signRoomToken(
  config: AppConfig,
  claims: Partial<RoomTokenClaims> & { sid: string; role: RoomRole },
  secret = config.auth.jwtSecret,
): string {
  const full: RoomTokenClaims = {
    typ: 'room',
    sub: randomUUID(),
    name: claims.role,
    device: 'main',
    windowStart: nowSeconds() - 60,
    windowEnd: nowSeconds() + 3600,
    ...claims,
  };
  return new JwtService({ secret }).sign(full, { issuer: 'yunzhao', expiresIn: 600 });
}

export interface ConnectOptions {
  token: unknown;
  sessionId: unknown;
  locale?: string;
}

/** A raw signaling socket, as a browser would open it. */
export function connectSocket(mediaUrl: string, options: ConnectOptions): Promise<Socket> {
  const socket = io(mediaUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: { token: options.token, sessionId: options.sessionId, locale: options.locale },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
  );
}

/** A user with a login, as the admin creates them. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Creates a user through the admin api (with the name others see in the room) and logs in. */
export async function createUser(
  stack: RoomStack,
  adminToken: string,
  username: string,
  roles: string[],
  displayName = username,
): Promise<TestUser> {
  const password = `${username}-password-1`;
  await request(stack.api.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, displayName, password, roles })
    .expect(201);
  const session = await login(stack.api, username, password);
  return {
    id: session.user.id,
    username,
    password,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
  };
}

export interface SessionPlan {
  hr: TestUser;
  chief: TestUser;
  /** With the chief, an odd panel. */
  examiners: TestUser[];
  /** At least one: no session runs unsupervised. */
  supervisors: TestUser[];
  proctors?: TestUser[];
  /** In slot order (the order is drawn later; until then the listed order holds). */
  candidates: TestUser[];
  /** Minutes from now; by default the session started five minutes ago. */
  startsIn?: number;
}

/**
 * Schedules a session the way HR does (`POST /api/sessions`), for approved
 * applications, with a window around now. Returns the session id.
 */
export async function scheduleSession(stack: RoomStack, plan: SessionPlan): Promise<string> {
  const campaign = await makeCampaign(stack.db, `campaign ${randomUUID()}`);
  const applicationIds: string[] = [];
  for (const candidate of plan.candidates) {
    applicationIds.push(await makeApplication(stack.db, campaign, candidate.id));
  }
  const response = await request(stack.api.getHttpServer())
    .post('/api/sessions')
    .set('Authorization', `Bearer ${plan.hr.accessToken}`)
    .send({
      campaignId: campaign.campaignId,
      categoryCode: 'ENG',
      title: '工学类面试',
      startsAt: minutesFromNow(plan.startsIn ?? -5),
      endsAt: minutesFromNow((plan.startsIn ?? -5) + 120),
      chiefExaminerId: plan.chief.id,
      examinerIds: plan.examiners.map((u) => u.id),
      supervisorIds: plan.supervisors.map((u) => u.id),
      proctorIds: (plan.proctors ?? []).map((u) => u.id),
      applicationIds,
    })
    .expect(201);
  return (response.body as { id: string }).id;
}

/** A page logged in as `user`: the tokens in sessionStorage, where the login page leaves them. */
export async function loggedInPage(
  context: import('playwright-core').BrowserContext,
  user: TestUser,
): Promise<import('playwright-core').Page> {
  const page = await context.newPage();
  await page.addInitScript({
    content: `sessionStorage.setItem('yunzhao.accessToken', ${JSON.stringify(user.accessToken)});
      sessionStorage.setItem('yunzhao.refreshToken', ${JSON.stringify(user.refreshToken)});`,
  });
  return page;
}

/**
 * Opens a page (the room, the mock interview, the device check) logged in as
 * `user`. No pass in the URL: the page asks the api for its room token.
 */
export async function openRoomPage(
  context: import('playwright-core').BrowserContext,
  stack: RoomStack,
  user: TestUser,
  path: string,
): Promise<import('playwright-core').Page> {
  const page = await loggedInPage(context, user);
  await page.goto(`${stack.apiUrl}${path}`);
  return page;
}

/** Logs in through the real login page, which then shows `next`. */
export async function logInThroughPage(
  page: import('playwright-core').Page,
  stack: RoomStack,
  user: TestUser,
  next: string,
): Promise<void> {
  await page.goto(`${stack.apiUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === next, { timeout: 15_000 });
}

/** The decoded-media figures a room page shows on its tiles. */
export interface TileFigures {
  role: string | null;
  user: string | null;
  source: string | null;
  consumer: string | null;
  frames: number;
  audioSamples: number;
  audioPackets: number;
}

export function tiles(
  page: import('playwright-core').Page,
  testId: string,
): Promise<TileFigures[]> {
  return page.$$eval(`[data-testid="${testId}"]`, (elements) =>
    elements.map((element) => ({
      role: element.getAttribute('data-role'),
      user: element.getAttribute('data-user'),
      source: element.getAttribute('data-source'),
      consumer: element.getAttribute('data-consumer'),
      frames: Number(element.getAttribute('data-frames-decoded') ?? 0),
      audioSamples: Number(element.getAttribute('data-audio-samples') ?? 0),
      audioPackets: Number(element.getAttribute('data-audio-packets') ?? 0),
    })),
  );
}
