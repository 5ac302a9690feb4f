// Issue 11, scale-out: the scoring console's live score feed follows a session whose media node
// died. The console (headless Chromium, one page) listens to a session placed on media node B;
// B is killed with SIGKILL (a real crash: no clean deregistration, its heartbeat has to expire),
// the api re-places the session on node A, and the console asks the api for a fresh pass, which
// names A, and reconnects there: a score published afterwards reaches its feed. The candidate's
// phone (side camera, no login) follows the same way, renewing its side pass. Node B runs as
// its own process (so it can be killed); the api and node A run in this one.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@yunzhao/config';
import { mediaClusterKeys } from '@yunzhao/sessions';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { freePort } from '../recording/archive-fixtures';
import { waitFor } from '../room/room-harness';
import { launchBrowser } from '../support/browser';
import { testEnv } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from '../scoring/fixtures';

const root = path.resolve(__dirname, '../..');

let db: TestDatabase;
let redis: Redis;
let env: Record<string, string>;
let apiApp: NestExpressApplication | undefined;
let apiUrl: string;
let mediaA: NestExpressApplication | undefined;
let urlA: string;
let urlB: string;
let nodeB: { child: ChildProcess; output: string } | undefined;
let world: ScoringWorld;
let context: BrowserContext | undefined;

/** Node-specific settings; the RTC ranges differ from multi-node.e2e-spec's. */
function nodeEnv(nodeId: string, url: string, rtcMinPort: number): Record<string, string> {
  return {
    MEDIA_PORT: new URL(url).port,
    MEDIA_NODE_ID: nodeId,
    MEDIA_NODE_PUBLIC_URL: url,
    MEDIA_RTC_MIN_PORT: String(rtcMinPort),
    MEDIA_RTC_MAX_PORT: String(rtcMinPort + 199),
  };
}

/** Media node B from its TypeScript source, as its own process (what `npm start` runs). */
function startNodeB(): { child: ChildProcess; output: string } {
  const child = spawn(
    process.execPath,
    ['-r', './scripts/ts-register.js', 'apps/media/src/main.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...nodeEnv('node-b', urlB, 45200) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = { child, output: '' };
  for (const stream of [child.stdout, child.stderr])
    stream?.on(
      'data',
      (chunk: Buffer) => (started.output = (started.output + chunk.toString()).slice(-20_000)),
    );
  return started;
}

const keys = () => mediaClusterKeys(env.REDIS_KEY_PREFIX);
const registered = (nodeId: string) =>
  waitFor(
    async () => (await redis.exists(keys().node(nodeId))) === 1,
    90_000,
    `media node ${nodeId} to register`,
    300,
  );

/** The media node a pass for the session names now (asking places the session). */
async function nodeOfSession(user: TestUser): Promise<string> {
  const pass = await api(apiApp!)
    .post(`/sessions/${world.sessionId}/room-token`, { device: 'main' }, user.token)
    .expect(200);
  return (pass.body as { mediaUrl: string }).mediaUrl;
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  urlA = `http://127.0.0.1:${await freePort()}`;
  urlB = `http://127.0.0.1:${await freePort()}`;
  env = testEnv(db.url, {
    MEDIA_WORKERS: '1',
    MEDIA_PEER_GRACE_SECONDS: '5',
    MEDIA_ROOM_GRACE_SECONDS: '5',
    // Recording is another part's concern (and its own tests); these rooms need none.
    RECORDING_ENABLED: 'false',
    // The pages may open signaling connections to both nodes.
    CSP_CONNECT_SRC: `${urlA},${urlB}`,
  });
  // The api first: it migrates the database the media nodes read.
  apiApp = await createApiApp(loadConfig(env));
  await apiApp.listen(0, '127.0.0.1');
  apiUrl = (await apiApp.getUrl()).replace('[::1]', '127.0.0.1');
  nodeB = startNodeB();
  world = await makeScoringWorld(apiApp, db, 1);
  await registered('node-b').catch((error: Error) => {
    throw new Error(`${error.message}\nnode B output:\n${nodeB?.output}`);
  });
  // Node B is the only live node when the session is first placed: it goes there.
  expect(await nodeOfSession(world.panel.chief)).toBe(urlB);
  mediaA = await createMediaApp(loadConfig({ ...env, ...nodeEnv('node-a', urlA, 45600) }));
  await mediaA.listen(Number(new URL(urlA).port), '127.0.0.1');
  await registered('node-a');
  context = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (nodeB && nodeB.child.exitCode === null && nodeB.child.signalCode === null)
    nodeB.child.kill('SIGKILL');
  await mediaA?.close();
  await apiApp?.close();
  redis?.disconnect();
  await db?.drop();
}, 60_000);

/** A page signed in as `user` (tokens where the login page leaves them), opened at `next`. */
async function openPage(user: TestUser, next: string): Promise<Page> {
  const page = await context!.newPage();
  await page.addInitScript({
    content: `sessionStorage.setItem('yunzhao.accessToken', ${JSON.stringify(user.token)});
      sessionStorage.setItem('yunzhao.refreshToken', ${JSON.stringify(user.refreshToken)});`,
  });
  await page.goto(`${apiUrl}${next}`);
  return page;
}

it('the console’s feed follows its session from a killed media node to the survivor and hears the score published there', async () => {
  const { panel, sessionId } = world;
  const [candidate] = panel.candidates;
  const feed = (page: Page) => page.getByTestId('score-feed');
  const consolePage = await openPage(panel.chief, `/scoring/${sessionId}`);
  await consolePage
    .locator('[data-testid="score-feed"][data-status="joined"]')
    .waitFor({ timeout: 30_000 });
  // Still placed on node B: the console's listen-only connection is there.
  expect(await nodeOfSession(panel.chief)).toBe(urlB);
  // The candidate's phone (no login, only its one-time link) sends the side camera to node B.
  const link = await api(apiApp!)
    .post(`/sessions/${sessionId}/side-camera-link`, {}, candidate.token)
    .expect(201);
  const phone = await context!.newPage();
  await phone.goto(`${apiUrl}${link.body.url}`);
  const phoneLive = phone.getByText('侧面机位已接入', { exact: false });
  await phoneLive.waitFor({ timeout: 30_000 });

  const exited = new Promise<void>((resolve) => nodeB!.child.once('exit', () => resolve()));
  nodeB!.child.kill('SIGKILL');
  await exited;
  // The phone lost its node too.
  await phoneLive.waitFor({ state: 'hidden', timeout: 15_000 });
  // The feed lost its node and says it is reconnecting.
  await waitFor(
    async () => (await feed(consolePage).getAttribute('data-status')) === 'connecting',
    15_000,
    'the feed to notice the dead node',
    100,
  );
  // Once node B's heartbeat expires the api re-places the session on node A, names A in the
  // console's next pass, and the console's feed joins there.
  await consolePage
    .locator('[data-testid="score-feed"][data-status="joined"]')
    .waitFor({ timeout: 45_000 });
  expect(await nodeOfSession(panel.chief)).toBe(urlA);
  // The phone renewed its side pass, which named node A, and is live again: node B is gone.
  await phoneLive.waitFor({ timeout: 45_000 });

  // Five marks through the api, then the chief publishes: the room on node A announces it.
  const http = api(apiApp!);
  const base = `/scoring/sessions/${sessionId}/candidates/${candidate.id}`;
  for (const [index, marker] of [panel.chief, ...panel.examiners].entries()) {
    await http
      .post(
        `${base}/marks/mine/submit`,
        { marks: marksFor([85, 88, 90.5, 79, 92][index]) },
        marker.token,
      )
      .expect(200);
  }
  await http.post(`${base}/publish`, {}, panel.chief.token).expect(201);

  const heard = feed(consolePage).getByTestId('score-published');
  await heard.waitFor({ timeout: 20_000 });
  expect(await heard.getAttribute('data-score')).toBe('87.83');
  expect(await heard.getAttribute('data-candidate')).toBe(candidate.id);
}, 180_000);
