import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  connectSocket,
  createUser,
  openRoomPage,
  RoomStack,
  startRoomStack,
  TestUser,
  tiles,
  waitFor,
} from '../room/room-harness';

/**
 * Mock interview with training staff (issue 4): an HR officer joins a
 * candidate's mock room playing the panel. No automatic call-in while the
 * trainer is there; the trainer calls in, shows sample questions with timers
 * and ends the rehearsal. Nothing of it reaches a session's record.
 */
let stack: RoomStack;
let context: BrowserContext;
let trainer: TestUser;
let candidate: TestUser;
let trainerPage: Page;
let candidatePage: Page;

beforeAll(async () => {
  // Recording is another part's concern (and its own tests); these rooms need none.
  stack = await startRoomStack({ RECORDING_ENABLED: 'false' });
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  trainer = await createUser(stack, admin.accessToken, 'trainer1', ['hr'], '培训老师王');
  candidate = await createUser(stack, admin.accessToken, 'trainee1', ['candidate'], '考生李');
  context = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

const http = () => request(stack.api.getHttpServer());

it('only training staff get a pass to a candidate’s mock room, and only for a candidate', async () => {
  await http()
    .post('/api/mock-interview/trainer-token')
    .set('Authorization', `Bearer ${candidate.accessToken}`)
    .send({ candidate: 'trainee1' })
    .expect(403);
  await http()
    .post('/api/mock-interview/trainer-token')
    .set('Authorization', `Bearer ${trainer.accessToken}`)
    .send({ candidate: 'trainer1' })
    .expect(404);
  const issued = await http()
    .post('/api/mock-interview/trainer-token')
    .set('Authorization', `Bearer ${trainer.accessToken}`)
    .send({ candidate: 'trainee1' })
    .expect(200);
  expect(issued.body).toMatchObject({ candidateUserId: candidate.id, candidateName: '考生李' });
  // The candidate's own mock pass cannot show questions: that is the trainer's part.
  const own = await http()
    .post('/api/mock-interview/room-token')
    .set('Authorization', `Bearer ${candidate.accessToken}`)
    .send({})
    .expect(200);
  const socket = await connectSocket(stack.mediaUrl, {
    token: (own.body as { token: string }).token,
    sessionId: `mock-${candidate.id}`,
  });
  try {
    const reply = (await socket.emitWithAck('mockQuestion', { index: 0 })) as {
      error?: { code: string };
    };
    expect(reply.error?.code).toBe('FORBIDDEN');
  } finally {
    socket.close();
  }
}, 30_000);

it('the trainer sees the candidate, calls them in, shows timed questions and ends the rehearsal; nothing is recorded', async () => {
  trainerPage = await openRoomPage(context, stack, trainer, '/mock-training/trainee1');
  await trainerPage.getByRole('button', { name: '进入模拟面试室' }).click();
  await trainerPage
    .locator('[data-testid="room-status"][data-status="joined"]')
    .waitFor({ timeout: 20_000 });

  candidatePage = await openRoomPage(context, stack, candidate, '/mock-interview');
  await candidatePage.getByRole('button', { name: '开始模拟面试' }).click();
  await candidatePage.locator('[data-area="waiting"]').waitFor({ timeout: 20_000 });
  await trainerPage.getByTestId('waiting-queue').getByText('考生李').waitFor({ timeout: 15_000 });
  // Alone, the room calls a candidate in after 4 s; with a trainer present it must not.
  // (An absence can only be checked by letting that time pass.)
  await new Promise((resolve) => setTimeout(resolve, 5000));
  expect(await candidatePage.locator('[data-area="waiting"]').count()).toBe(1);

  await trainerPage.getByRole('button', { name: '请下一位考生入场' }).click();
  await candidatePage.locator('[data-area="interview"][data-mode="trainer"]').waitFor({
    timeout: 15_000,
  });
  // The trainer decodes the candidate; the candidate decodes the trainer, like a panel.
  await waitFor(
    async () => ((await tiles(trainerPage, 'candidate-tile'))[0]?.frames ?? 0) > 0,
    20_000,
    'the trainer to decode the candidate',
  );
  await waitFor(
    async () => {
      const [tile] = await tiles(candidatePage, 'remote-tile');
      return tile?.role === 'chief_examiner' && tile.frames > 0;
    },
    20_000,
    'the candidate to decode the trainer',
  );
  await candidatePage.getByTestId('mock-await-question').waitFor({ timeout: 5000 });

  for (const n of [1, 2]) {
    await trainerPage.getByRole('button', { name: `出示第 ${n} 题` }).click();
    const question = candidatePage.getByTestId('mock-question');
    await question.getByText(`第 ${n} 题 / 共 3 题`).waitFor({ timeout: 10_000 });
    expect(await question.getByRole('timer').textContent()).toMatch(/剩余 \d+ 秒/);
    // The trainer sees the same question and timer.
    await trainerPage
      .getByTestId('mock-question')
      .getByText(`第 ${n} 题 / 共 3 题`)
      .waitFor({ timeout: 10_000 });
  }
  // Answer for a moment, so the recording has something in it.
  await candidatePage.waitForTimeout(700);

  await trainerPage.getByRole('button', { name: '结束本轮面试' }).click();
  // The rehearsal is over for the candidate: their own recording plays back.
  await candidatePage.getByTestId('playback').waitFor({ timeout: 15_000 });
  // Polled inside the page through evaluate: waitForFunction needs eval, which the CSP forbids.
  await candidatePage.getByTestId('playback').evaluate(
    (video: { videoWidth: number }) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const check = () => {
          if (video.videoWidth > 0) resolve();
          else if (Date.now() > deadline) reject(new Error('the playback never got a picture'));
          else setTimeout(check, 50);
        };
        check();
      }),
  );

  // A mock room is a rehearsal: nothing about it reaches any session timeline.
  expect(await stack.db.query('SELECT 1 FROM session_timeline')).toEqual([]);
  // The trainer's pass is audited, against the candidate trained.
  const audited = await stack.db.query<{ subject: string }>(
    `SELECT subject FROM audit_log WHERE action = 'mock_interview.trainer_token.issue' AND actor = $1`,
    [`user:${trainer.id}`],
  );
  expect(audited.map((row) => row.subject)).toContain(`user:${candidate.id}`);
}, 120_000);
