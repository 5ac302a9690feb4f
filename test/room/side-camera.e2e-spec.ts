import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  createUser,
  logInThroughPage,
  openRoomPage,
  RoomStack,
  scheduleSession,
  startRoomStack,
  TestUser,
  tiles,
  waitFor,
} from './room-harness';

/**
 * Acceptance 5: the candidate's phone joins as a side camera through the
 * one-time link the candidate's own room page asks the api for; the panel
 * decodes both streams. The candidate comes in the way a candidate does: the
 * login page, then "进入面试" on their interview list.
 */
let stack: RoomStack;
let context: BrowserContext;
let candidate: TestUser;
let chiefPage: Page;
let candidatePage: Page;
let sid: string;

beforeAll(async () => {
  stack = await startRoomStack();
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  candidate = await make('cand5', ['candidate'], '考生钱');
  const chief = await make('chief5', ['chief_examiner'], '主考官');
  sid = await scheduleSession(stack, {
    hr: await make('hr5', ['hr']),
    chief,
    examiners: [await make('exam5a', ['examiner']), await make('exam5b', ['examiner'])],
    supervisors: [await make('super5', ['supervisor'])],
    candidates: [candidate],
  });
  context = await launchBrowser();
  chiefPage = await openRoomPage(context, stack, chief, `/room/${sid}`);
  candidatePage = await context.newPage();
}, 90_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

it('the schedule\'s "进入面试" button takes a logged-in candidate into the session room', async () => {
  await logInThroughPage(candidatePage, stack, candidate, '/interviews');
  await candidatePage.getByRole('button', { name: '进入面试' }).click();
  await candidatePage.waitForURL(`${stack.apiUrl}/room/${sid}`, { timeout: 10_000 });
  await candidatePage.getByTestId('waiting-notice').waitFor({ timeout: 20_000 });
}, 60_000);

it('the side camera joins without a login and the panel decodes the main and the side stream', async () => {
  await chiefPage.getByTestId('waiting-queue').getByText('考生钱').waitFor({ timeout: 20_000 });
  await chiefPage.getByRole('button', { name: '请下一位考生入场' }).click();

  // The candidate's page asks the api for a one-time link and shows it as a QR code.
  const linkResponse = candidatePage.waitForResponse(
    (r) => r.url().endsWith(`/api/sessions/${sid}/side-camera-link`) && r.ok(),
  );
  await candidatePage.getByRole('button', { name: '添加手机侧面机位' }).click();
  const link = (await (await linkResponse).json()) as { code: string; url: string };
  await candidatePage.getByTestId('side-camera-qr').waitFor({ timeout: 10_000 });
  expect(link.url).toBe(`/side-camera?code=${encodeURIComponent(link.code)}`);

  // The phone: a fresh page with no login, only the link.
  const phone = await context.newPage();
  await phone.goto(`${stack.apiUrl}${link.url}`);
  await phone.getByText('侧面机位已接入').waitFor({ timeout: 20_000 });
  // The link works once.
  await request(stack.api.getHttpServer())
    .post('/api/side-camera/redeem')
    .send({ code: link.code })
    .expect(410);

  const main = await waitFor(
    async () => {
      const [tile] = await tiles(chiefPage, 'candidate-tile');
      return tile && tile.frames > 0 && tile.audioPackets > 0 && tile;
    },
    20_000,
    'the main camera at the chief',
  );
  const side = await waitFor(
    async () => {
      const [tile] = await tiles(chiefPage, 'candidate-side-tile');
      return tile && tile.frames > 0 && tile;
    },
    20_000,
    'the side camera at the chief',
  );
  expect(main).toMatchObject({ user: candidate.id, source: 'camera' });
  expect(side).toMatchObject({ user: candidate.id, source: 'side', audioPackets: 0 });
  // The phone publishes only: it receives nothing, and the candidate's own page shows no side tile of itself.
  expect(await tiles(phone, 'remote-tile')).toEqual([]);
  expect((await tiles(candidatePage, 'remote-tile')).map((t) => t.role)).toEqual([
    'chief_examiner',
  ]);

  // The side camera leaves with the phone; the main stream stays.
  await phone.close();
  await waitFor(
    async () => (await tiles(chiefPage, 'candidate-side-tile')).length === 0,
    15_000,
    'the side tile to go',
  );
  expect(await tiles(chiefPage, 'candidate-tile')).toHaveLength(1);
}, 90_000);
