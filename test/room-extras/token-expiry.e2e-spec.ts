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
} from '../room/room-harness';

/**
 * A room token that expires mid-interview (issue 4): the media node cuts the
 * socket when its `exp` passes; the page fetches a fresh pass from the api and
 * reconnects by itself, keeps its place (peer grace) and its media flows again.
 * Passes live 30 s here, the minimum ROOM_TOKEN_TTL_SECONDS allows.
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
  stack = await startRoomStack({
    ROOM_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    // Recording is another part's concern (and its own tests); this room needs none.
    RECORDING_ENABLED: 'false',
  });
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  candidate = await make('candx', ['candidate'], '考生吴');
  chief = await make('chiefx', ['chief_examiner'], '主考官');
  sid = await scheduleSession(stack, {
    hr: await make('hrx', ['hr']),
    chief,
    examiners: [await make('examxa', ['examiner']), await make('examxb', ['examiner'])],
    supervisors: [await make('superx', ['supervisor'])],
    candidates: [candidate],
  });
  context = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

it('when the pass expires the socket is cut, the page renews it and is back in the interview with media', async () => {
  chiefPage = await openRoomPage(context, stack, chief, `/room/${sid}`);
  candidatePage = await openRoomPage(context, stack, candidate, `/room/${sid}`);
  await chiefPage.getByTestId('waiting-queue').getByText('考生吴').waitFor({ timeout: 20_000 });
  await chiefPage.getByRole('button', { name: '请下一位考生入场' }).click();
  await waitFor(
    async () => ((await tiles(chiefPage, 'candidate-tile'))[0]?.frames ?? 0) > 0,
    20_000,
    'the chief to decode the candidate',
  );
  expect(await passesIssuedTo(candidate)).toBe(1);

  // Nothing breaks the network: only the pass running out makes the media node cut the
  // socket, and the page asks the api for a fresh one (the second pass) to come back.
  await waitFor(
    async () => (await passesIssuedTo(candidate)) === 2,
    TOKEN_TTL_SECONDS * 1000 + 15_000,
    'the candidate page to renew its expired pass',
    250,
  );
  for (const page of [chiefPage, candidatePage]) {
    await waitFor(async () => (await status(page)) === 'joined', 15_000, 'the page to rejoin');
  }
  expect(await passesIssuedTo(chief)).toBeGreaterThanOrEqual(2);

  // Still in the interview (the turn's timer), with fresh frames at the chief.
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
  // The cut was a blip within the peer grace: nobody left the room, the candidate kept their place.
  const left = await stack.db.query(
    `SELECT 1 FROM session_timeline WHERE session_id = $1 AND type = 'peer.left'`,
    [sid],
  );
  expect(left).toEqual([]);
  const joined = await stack.db.query<{ count: string }>(
    `SELECT count(*) FROM session_timeline WHERE session_id = $1 AND type = 'candidate.calledIn'`,
    [sid],
  );
  expect(Number(joined[0].count)).toBe(1);
}, 120_000);
