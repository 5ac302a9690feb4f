import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  createUser,
  openRoomPage,
  RoomStack,
  scheduleSession,
  startRoomStack,
  TestUser,
  tiles,
  waitFor,
} from './room-harness';

/**
 * A network blip after the room passes have expired: the pages renew their
 * pass through the api and are back in the interview, instead of being turned
 * away at the door with a stale token. Passes live 30 s here (600 s by default).
 */
const TOKEN_TTL_SECONDS = 30;
let stack: RoomStack;
let context: BrowserContext;
let candidate: TestUser;
let chief: TestUser;
let chiefPage: Page;
let candidatePage: Page;
let sid: string;

const status = (page: Page) => page.getByTestId('room-status').getAttribute('data-status');

async function passesIssuedTo(user: TestUser): Promise<number> {
  const rows = await stack.db.query<{ count: string }>(
    `SELECT count(*) FROM audit_log WHERE action = 'session.room_token.issue' AND actor = $1`,
    [`user:${user.id}`],
  );
  return Number(rows[0].count);
}

beforeAll(async () => {
  stack = await startRoomStack(
    { ROOM_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) },
    { relay: true },
  );
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  candidate = await make('cand7', ['candidate'], '考生周');
  chief = await make('chief7', ['chief_examiner'], '主考官');
  sid = await scheduleSession(stack, {
    hr: await make('hr7', ['hr']),
    chief,
    examiners: [await make('exam7a', ['examiner']), await make('exam7b', ['examiner'])],
    supervisors: [await make('super7', ['supervisor'])],
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

it('after the passes expire, a signaling blip ends with both pages back in the interview', async () => {
  await chiefPage.getByTestId('waiting-queue').getByText('考生周').waitFor({ timeout: 20_000 });
  const issuedBy = Date.now();
  await chiefPage.getByRole('button', { name: '请下一位考生入场' }).click();
  await waitFor(
    async () => ((await tiles(chiefPage, 'candidate-tile'))[0]?.frames ?? 0) > 0,
    20_000,
    'the chief to decode the candidate',
  );
  expect(await passesIssuedTo(candidate)).toBe(1);
  expect(await passesIssuedTo(chief)).toBe(1);

  // Let both passes expire, then break every signaling connection.
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, issuedBy + (TOKEN_TTL_SECONDS + 2) * 1000 - Date.now())),
  );
  stack.relay!.cut();
  await waitFor(
    async () => (await status(chiefPage)) !== 'joined',
    5000,
    'the chief page to notice the blip',
    50,
  );

  for (const page of [chiefPage, candidatePage]) {
    await waitFor(async () => (await status(page)) === 'joined', 15_000, 'the page to rejoin');
  }
  // Each page asked the api for a fresh pass rather than presenting the expired one
  // (the media node also cuts a socket whose pass expires, which renews it once more).
  expect(await passesIssuedTo(candidate)).toBeGreaterThanOrEqual(2);
  expect(await passesIssuedTo(chief)).toBeGreaterThanOrEqual(2);
  // Still in the interview, with the candidate's picture flowing at the chief.
  expect(await candidatePage.getByRole('timer').count()).toBe(1);
  const framesAtChief = async () => (await tiles(chiefPage, 'candidate-tile'))[0]?.frames ?? 0;
  await waitFor(
    async () => {
      const before = await framesAtChief();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return (await framesAtChief()) > before;
    },
    15_000,
    'fresh frames of the candidate at the chief',
  );
}, 120_000);
