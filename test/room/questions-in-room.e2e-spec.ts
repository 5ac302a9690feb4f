import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import { api, exampleBank } from '../question-bank/fixtures';
import {
  createUser,
  openRoomPage,
  RoomStack,
  scheduleSession,
  startRoomStack,
  TestUser,
  waitFor,
} from './room-harness';

/**
 * Issue 6, "in the room": the supervisor types their value, the chief draws
 * and shows the first question, all in the live room page. Three Chromium
 * pages (candidate, chief, supervisor). The bank is the documented example's
 * engineering sets, with a 30-second first question and a 25-second
 * timekeeper warning so the countdown's warning and end are seen in the test.
 */
let stack: RoomStack;
let context: BrowserContext;
let sid: string;
let http: ReturnType<typeof api>;
const people: Record<'candidate' | 'chief' | 'supervisor' | 'hr' | 'qadmin', TestUser> =
  {} as never;
const pages: Record<'candidate' | 'chief' | 'supervisor', Page> = {} as never;

const FIRST_QUESTION_SECONDS = 30;
const WARNING_SECONDS = 25;
const SUPERVISOR_VALUE = '七三九一';

/** The example's engineering sets, moved to the room harness's category (`ENG`). */
function bankForRoom() {
  const sets = exampleBank()
    .sets.filter((set) => set.categoryCode === '08')
    .map((set) => ({
      ...set,
      categoryCode: 'ENG',
      questions: set.questions.map((q, i) =>
        i === 0 ? { ...q, timeAllowedSeconds: FIRST_QUESTION_SECONDS } : q,
      ),
    }));
  return { format: 'yunzhao-question-bank-v1', warningSeconds: WARNING_SECONDS, sets };
}

/** Every scoring reference point of the bank: none may reach the candidate. */
const guidanceTexts = () =>
  bankForRoom().sets.flatMap((set) => set.questions.flatMap((q) => q.guidance.referencePoints));

const questions = (page: Page) => page.getByTestId('room-questions');

beforeAll(async () => {
  stack = await startRoomStack();
  http = api(stack.api);
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  people.candidate = await make('qr_cand', ['candidate'], '考生赵');
  people.chief = await make('qr_chief', ['chief_examiner'], '主考官张');
  people.supervisor = await make('qr_super', ['supervisor'], '监督员王');
  people.hr = await make('qr_hr', ['hr']);
  people.qadmin = await make('qr_qadmin', ['question_admin']);
  const examiners = [await make('qr_exam1', ['examiner']), await make('qr_exam2', ['examiner'])];
  sid = await scheduleSession(stack, {
    hr: people.hr,
    chief: people.chief,
    examiners,
    supervisors: [people.supervisor],
    candidates: [people.candidate],
  });
  const [{ campaign_id: campaignId }] = await stack.db.query<{ campaign_id: string }>(
    'SELECT campaign_id FROM interview_sessions WHERE id = $1',
    [sid],
  );
  await http
    .upload(
      `/question-bank/campaigns/${campaignId}/import`,
      Buffer.from(JSON.stringify(bankForRoom())),
      'bank.json',
      people.qadmin.accessToken,
    )
    .expect(200);
  await http
    .post(`/question-bank/campaigns/${campaignId}/seal`, {}, people.qadmin.accessToken)
    .expect(200);
  context = await launchBrowser();
  for (const who of ['chief', 'supervisor', 'candidate'] as const) {
    pages[who] = await openRoomPage(context, stack, people[who], `/room/${sid}`);
  }
}, 90_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

describe('the question draw in the live room', () => {
  it('the supervisor enters the value in the room and the chief draws there; everyone sees the commitment check pass', async () => {
    const published = (
      await http.get(`/sessions/${sid}/question-draw`, people.chief.accessToken).expect(200)
    ).body.commitment as string;
    for (const page of Object.values(pages)) {
      await questions(page)
        .getByTestId('draw-status')
        .getByText('尚未抽取题本')
        .waitFor({ timeout: 30_000 });
      // The commitment on screen before the draw is the one the api published.
      expect(await questions(page).locator('code').textContent()).toBe(published);
    }
    const drawButton = questions(pages.chief).getByRole('button', { name: '抽取题本' });
    expect(await drawButton.isDisabled()).toBe(true);
    await questions(pages.chief).getByText('等待监督员输入随机值').waitFor();

    await questions(pages.supervisor).getByLabel('监督员随机值').fill(SUPERVISOR_VALUE);
    await questions(pages.supervisor).getByRole('button', { name: '提交随机值' }).click();
    await questions(pages.supervisor)
      .getByText(`监督员已输入随机值：${SUPERVISOR_VALUE}`)
      .waitFor({ timeout: 10_000 });
    await questions(pages.chief)
      .getByText(`监督员已输入随机值：${SUPERVISOR_VALUE}`)
      .waitFor({ timeout: 10_000 });
    await waitFor(async () => !(await drawButton.isDisabled()), 5_000, 'the draw button');
    await drawButton.click();

    for (const page of Object.values(pages)) {
      await questions(page)
        .getByTestId('draw-status')
        .getByText('已抽题')
        .waitFor({ timeout: 10_000 });
      const check = questions(page).getByTestId('commitment-check');
      await check.and(page.locator('[data-result="ok"]')).waitFor({ timeout: 10_000 });
      expect(await check.textContent()).toBe('✓ 承诺值校验通过');
    }
    const state = (await http.get(`/sessions/${sid}/question-draw`, people.chief.accessToken)).body;
    expect(state).toMatchObject({ drawn: true, commitment: published });
    expect(state.record.sources).toEqual([sid, expect.any(String), SUPERVISOR_VALUE]);
    expect(await questions(pages.candidate).getByText('主考官尚未出示题目').count()).toBe(1);
  }, 90_000);

  it('"下一题" shows the candidate the text and a running countdown without guidance; the chief sees the guidance', async () => {
    const { body: panelView } = await http
      .get(`/sessions/${sid}/questions`, people.chief.accessToken)
      .expect(200);
    const first = panelView.questions[0] as {
      text: string;
      guidance: { referencePoints: string[] };
    };
    await questions(pages.chief).getByRole('button', { name: '下一题' }).click();

    const candidateQuestion = questions(pages.candidate).getByTestId('current-question');
    await candidateQuestion.getByText(first.text).waitFor({ timeout: 10_000 });
    expect(await candidateQuestion.getByText('第 1 题 / 共 3 题').count()).toBe(1);
    const countdown = candidateQuestion.getByTestId('question-countdown');
    const secondsLeft = async () => Number(await countdown.getAttribute('data-seconds-left'));
    const shownAt = await secondsLeft();
    expect(shownAt).toBeGreaterThan(FIRST_QUESTION_SECONDS - WARNING_SECONDS);
    expect(shownAt).toBeLessThanOrEqual(FIRST_QUESTION_SECONDS);
    expect(await countdown.getAttribute('data-phase')).toBe('running');
    expect(await countdown.textContent()).toMatch(/^剩余时间 00:[0-3]\d$/);
    await waitFor(async () => (await secondsLeft()) < shownAt, 5_000, 'the countdown to run');
    // No guidance on the candidate's screen, in any form.
    expect(await pages.candidate.getByTestId('question-guidance').count()).toBe(0);
    const candidateHtml = await pages.candidate.content();
    expect(guidanceTexts().filter((text) => candidateHtml.includes(text))).toEqual([]);

    for (const staff of [pages.chief, pages.supervisor]) {
      const shown = questions(staff).getByTestId('current-question');
      await shown.getByText(first.text).waitFor({ timeout: 10_000 });
      const guidance = shown.getByTestId('question-guidance');
      await guidance.getByText(first.guidance.referencePoints[0]).waitFor({ timeout: 5_000 });
      expect(await shown.getByText('考生：考生赵').count()).toBe(1);
      expect(await shown.getByTestId('question-countdown').count()).toBe(1);
    }
  }, 60_000);

  it('the countdown turns to the timekeeper warning, then to "时间到", on both sides', async () => {
    for (const page of [pages.candidate, pages.chief]) {
      const countdown = questions(page).getByTestId('question-countdown');
      await countdown.and(page.locator('[data-phase="warning"]')).waitFor({ timeout: 15_000 });
      expect(await countdown.textContent()).toContain('计时提醒：即将到时');
    }
    for (const page of [pages.candidate, pages.chief]) {
      const countdown = questions(page).getByTestId('question-countdown');
      await countdown
        .and(page.locator('[data-phase="over"]'))
        .waitFor({ timeout: (FIRST_QUESTION_SECONDS + 5) * 1000 });
      expect(await countdown.textContent()).toBe('时间到');
    }
  }, 60_000);

  it('a reload shows the same draw and question from the api', async () => {
    await pages.candidate.reload();
    const check = questions(pages.candidate).getByTestId('commitment-check');
    await check.and(pages.candidate.locator('[data-result="ok"]')).waitFor({ timeout: 30_000 });
    const shown = questions(pages.candidate).getByTestId('current-question');
    await shown.getByTestId('question-countdown').waitFor({ timeout: 10_000 });
    expect(await shown.getByTestId('question-countdown').textContent()).toBe('时间到');
    expect(await pages.candidate.getByTestId('question-guidance').count()).toBe(0);
  }, 60_000);
});
