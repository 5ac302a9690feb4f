import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  createUser,
  openRoomPage,
  RoomStack,
  startRoomStack,
  TestUser,
  waitFor,
} from './room-harness';

/**
 * The candidate's rehearsals: device check through the SFU, and a mock
 * interview played back. Both pages ask the api for their mock-room pass.
 */
let stack: RoomStack;
let context: BrowserContext;
let candidate: TestUser;

beforeAll(async () => {
  stack = await startRoomStack();
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  candidate = await createUser(stack, admin.accessToken, 'rehearse', ['candidate'], '考生孙');
  context = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

it('the device check shows the camera, a live microphone level and RTT, loss and bitrate measured through the SFU', async () => {
  const page = await openRoomPage(context, stack, candidate, '/device-check');
  await page.getByTestId('camera-ok').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('camera-ok').textContent()).toContain('640×480');
  const pass = page.waitForResponse(
    (r) => r.url().endsWith('/api/mock-interview/room-token') && r.ok(),
  );
  await page.getByRole('button', { name: '开始网络检测' }).click();
  // The network test runs through a mock room whose pass the api issued.
  expect(await (await pass).json()).toMatchObject({ mediaUrl: stack.mediaUrl });
  await waitFor(
    async () => Number(await page.getByTestId('mic-level').getAttribute('aria-valuenow')) > 0,
    20_000,
    'the microphone level to move',
    100,
  );
  const figures = page.getByTestId('network-figures');
  await figures.waitFor({ timeout: 20_000 });
  const rtt = Number(await figures.getAttribute('data-rtt'));
  const loss = Number(await figures.getAttribute('data-loss'));
  const bitrate = Number(await figures.getAttribute('data-bitrate'));
  expect(rtt).toBeGreaterThanOrEqual(0);
  expect(rtt).toBeLessThan(1000);
  expect(loss).toBeGreaterThanOrEqual(0);
  expect(bitrate).toBeGreaterThan(50);
  expect(await page.textContent('body')).toContain('网络良好');
  await page.close();
}, 60_000);

it('the mock interview goes waiting room → automatic call-in → three timed questions → own recording played back', async () => {
  const page = await openRoomPage(context, stack, candidate, '/mock-interview');
  await page.getByRole('button', { name: '开始模拟面试' }).click();
  // Joined, and in the waiting room (the room says so, not just the page).
  await page.locator('[data-area="waiting"]').waitFor({ timeout: 15_000 });
  const question = page.getByTestId('mock-question');
  await question.waitFor({ timeout: 15_000 });
  for (const n of [1, 2, 3]) {
    await question.getByText(`第 ${n} 题 / 共 3 题`).waitFor({ timeout: 5000 });
    expect(await page.getByRole('timer').textContent()).toMatch(/剩余 \d+ 秒/);
    // Answer for a moment, so the recording has something in it.
    await page.waitForTimeout(700);
    await page.getByRole('button', { name: '答完了，下一题' }).click();
  }
  const playback = page.getByTestId('playback');
  await playback.waitFor({ timeout: 10_000 });
  // The recording plays back with the camera's picture size.
  // Polled inside the page through evaluate: waitForFunction needs eval, which the CSP forbids.
  const size = await playback.evaluate(
    (video: { videoWidth: number }) =>
      new Promise<number>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const check = () => {
          if (video.videoWidth > 0) resolve(video.videoWidth);
          else if (Date.now() > deadline) reject(new Error('the playback never got a picture'));
          else setTimeout(check, 50);
        };
        check();
      }),
  );
  expect(size).toBe(640);
  // A mock room is a rehearsal: nothing about it reaches any session timeline.
  expect(await stack.db.query('SELECT 1 FROM session_timeline')).toEqual([]);
}, 60_000);
