import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  createUser,
  openRoomPage,
  RoomStack,
  scheduleSession,
  startRoomStack,
  tiles,
  waitFor,
} from './room-harness';

/** Acceptance 6: SIGKILL of the mediasoup worker mid-interview; media flows again within 10 s. */
let stack: RoomStack;
let context: BrowserContext;
let candidatePage: Page;
let chiefPage: Page;
let sid: string;

async function workerPid(): Promise<number> {
  const response = await request(stack.media.getHttpServer()).get('/health');
  return (response.body as { workers: { pid: number }[] }).workers[0].pid;
}

/** Frames decoded so far by the first tile with that test id (0 when there is none). */
async function framesOf(page: Page, testId: string): Promise<number> {
  return (await tiles(page, testId))[0]?.frames ?? 0;
}

/** Whether the tile shows a consumer other than `before` that has decoded frames. */
async function freshFrames(page: Page, testId: string, before: string | null): Promise<boolean> {
  const [tile] = await tiles(page, testId);
  return !!tile && tile.consumer !== before && tile.frames > 0;
}

beforeAll(async () => {
  stack = await startRoomStack();
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  const candidate = await make('cand6', ['candidate'], '考生');
  const chief = await make('chief6', ['chief_examiner'], '主考官');
  sid = await scheduleSession(stack, {
    hr: await make('hr6', ['hr']),
    chief,
    examiners: [await make('exam6a', ['examiner']), await make('exam6b', ['examiner'])],
    supervisors: [await make('super6', ['supervisor'])],
    candidates: [candidate],
  });
  context = await launchBrowser();
  chiefPage = await openRoomPage(context, stack, chief, `/room/${sid}`);
  candidatePage = await openRoomPage(context, stack, candidate, `/room/${sid}`);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

it('rebuilds the room on a new worker and media flows again in both browsers within 10 s', async () => {
  await chiefPage.getByTestId('waiting-queue').getByText('考生').waitFor({ timeout: 20_000 });
  await chiefPage.getByRole('button', { name: '请下一位考生入场' }).click();
  await waitFor(
    async () => (await framesOf(chiefPage, 'candidate-tile')) > 0,
    20_000,
    'the chief to decode the candidate',
  );
  await waitFor(
    async () => (await framesOf(candidatePage, 'remote-tile')) > 0,
    20_000,
    'the candidate to decode the chief',
  );

  const chiefConsumer = (await tiles(chiefPage, 'candidate-tile'))[0].consumer;
  const candidateConsumer = (await tiles(candidatePage, 'remote-tile'))[0].consumer;
  const victim = await workerPid();
  const killedAt = Date.now();
  process.kill(victim, 'SIGKILL');

  // Both pages learn of the rebuild, recreate their media and decode fresh frames.
  await waitFor(
    async () => (await chiefPage.getByTestId('room-status').getAttribute('data-rebuilds')) === '1',
    10_000,
    'the chief page to rebuild',
    100,
  );
  // New consumers (the old ones died with the worker) that decode frames.
  await waitFor(
    () => freshFrames(chiefPage, 'candidate-tile', chiefConsumer),
    10_000,
    'candidate video at the chief',
    100,
  );
  await waitFor(
    () => freshFrames(candidatePage, 'remote-tile', candidateConsumer),
    10_000,
    'chief video at the candidate',
    100,
  );
  const recoveredIn = Date.now() - killedAt;
  expect(recoveredIn).toBeLessThan(10_000);

  expect(await workerPid()).not.toBe(victim);
  expect(await candidatePage.getByTestId('room-status').getAttribute('data-rebuilds')).toBe('1');
  // Still in the interview area: the rebuild kept the room's state.
  expect(await candidatePage.getByRole('timer').count()).toBe(1);
  const [row] = await stack.db.query<{ type: string }>(
    `SELECT type FROM session_timeline WHERE session_id = $1 AND type = 'room.rebuilt'`,
    [sid],
  );
  expect(row).toEqual({ type: 'room.rebuilt' });
}, 60_000);
