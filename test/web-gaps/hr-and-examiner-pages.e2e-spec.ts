import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInPage } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import {
  api,
  makeApplication,
  makeCampaign,
  makeUser,
  minutesFromNow,
  TestUser,
} from '../sessions/fixtures';

// The web pages over APIs that existed before their UI: HR edits and deletes posts and
// categories, edits a session; an examiner declares a conflict of interest that HR then sees.
// Headless Chromium on the built web bundle served by the api (WEB_DIST may point elsewhere).

let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;
let http: ReturnType<typeof api>;
const users: Record<string, TestUser> = {};
let campaign: { campaignId: string; postId: string };

const ROLES: Record<string, string[]> = {
  hrofficer: ['hr'],
  chief1: ['chief_examiner'],
  chief2: ['chief_examiner'],
  ex1: ['examiner'],
  ex2: ['examiner'],
  ex3: ['examiner'],
  ex4: ['examiner'],
  ex5: ['examiner'],
  sup1: ['supervisor'],
  cand1: ['candidate'],
  cand2: ['candidate'],
  cand3: ['candidate'],
  cand4: ['candidate'],
  // Registered candidates sign in with their phone number.
  '13800138000': ['candidate'],
};

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries(ROLES)) {
    users[name] = await makeUser(app, admin.accessToken, name, roles);
  }
  await db.query(`UPDATE users SET display_name = '钱小明' WHERE username = '13800138000'`);
  campaign = await makeCampaign(db, '2020 水城优才');
  // Far from Beijing: the pages show and take times in Beijing time whatever the browser's zone.
  browser = await launchBrowser({ timezoneId: 'America/Los_Angeles' });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const signIn = (user: TestUser, next: string): Promise<Page> =>
  signInPage(browser, baseUrl, user.username, next);

async function createSession(
  title: string,
  chief: TestUser,
  examiners: TestUser[],
  candidates: TestUser[],
): Promise<string> {
  const applicationIds: string[] = [];
  for (const candidate of candidates) {
    applicationIds.push(await makeApplication(db, campaign, candidate.id));
  }
  const response = await http
    .post(
      '/sessions',
      {
        campaignId: campaign.campaignId,
        categoryCode: 'ENG',
        title,
        startsAt: minutesFromNow(60 * 24),
        endsAt: minutesFromNow(60 * 24 + 120),
        chiefExaminerId: chief.id,
        examinerIds: examiners.map((u) => u.id),
        supervisorIds: [users.sup1.id],
        applicationIds,
      },
      users.hrofficer.token,
    )
    .expect(201);
  return response.body.id as string;
}

it('HR edits a post, deletes a post and a category after confirming, and sees why a post with applications stays', async () => {
  // ENG-01 (fixture) has an application; a second category SCI holds a post nobody applied to.
  await makeApplication(db, campaign, users.cand4.id, 'submitted');
  const [sci] = await db.query<{ id: string }>(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
     VALUES ($1, 'SCI', '理学类', 'Science') RETURNING id`,
    [campaign.campaignId],
  );
  await db.query(
    `INSERT INTO posts (campaign_id, category_id, code, title, quota)
     VALUES ($1, $2, 'SCI-01', '理学类岗位', 2)`,
    [campaign.campaignId, sci.id],
  );

  const page = await signIn(users.hrofficer, `/campaigns/${campaign.campaignId}`);
  const sciRow = page.getByTestId('post-SCI-01');
  await sciRow.getByText('理学类岗位').waitFor();

  // Edit in place: title and quota.
  await sciRow.getByRole('button', { name: '编辑' }).click();
  const editor = page.getByRole('form', { name: '编辑岗位 SCI-01' });
  await editor.getByLabel('岗位名称').fill('理学类岗位（数学）');
  await editor.getByLabel('招聘人数').fill('3');
  await editor.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('status').getByText('岗位 SCI-01 已保存。').waitFor();
  await sciRow.getByRole('cell', { name: '理学类岗位（数学）' }).waitFor();
  await sciRow.getByRole('cell', { name: '3', exact: true }).waitFor();

  // A post with an application cannot go: the API's reason shows, the page keeps working.
  const engRow = page.getByTestId('post-ENG-01');
  await engRow.getByRole('button', { name: '删除' }).click();
  const confirm = page.getByRole('alertdialog', { name: '确认删除' });
  await confirm.getByText('确定删除岗位 ENG-01（工学类岗位）吗？删除后不可恢复。').waitFor();
  await confirm.getByRole('button', { name: '确认删除' }).click();
  const refusal = page.getByRole('alert');
  await refusal.getByText('无法删除岗位 ENG-01：该数据已被引用，无法删除').waitFor();
  await refusal.getByText('已有考生报名该岗位', { exact: false }).waitFor();
  await engRow.getByText('工学类岗位').waitFor();

  // Nothing is deleted without the confirmation.
  await sciRow.getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '取消' }).click();
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  await sciRow.waitFor();

  // Confirmed: the post goes, then its now empty category.
  await sciRow.getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  await page.getByRole('status').getByText('岗位 SCI-01 已删除。').waitFor();
  await sciRow.waitFor({ state: 'detached' });

  await page.getByTestId('category-SCI').getByRole('button', { name: '删除' }).click();
  await page
    .getByRole('alertdialog')
    .getByText('确定从本次招聘中移除学科门类“SCI 理学类”吗？删除后不可恢复。')
    .waitFor();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  await page.getByTestId('category-SCI').waitFor({ state: 'detached' });

  // The category that still has a post stays, with the reason.
  await page.getByTestId('category-ENG').getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  await page
    .getByRole('alert')
    .getByText('无法删除学科门类 ENG 工学类：该数据已被引用，无法删除')
    .waitFor();
  await page.getByTestId('category-ENG').waitFor();

  const posts = await db.query<{ code: string; title: string; quota: number }>(
    `SELECT code, title, quota FROM posts WHERE campaign_id = $1 ORDER BY code`,
    [campaign.campaignId],
  );
  expect(posts).toEqual([{ code: 'ENG-01', title: '工学类岗位', quota: 10 }]);
  await page.close();
}, 120_000);

it('an examiner declares a conflict with a candidate of their session and HR sees it flagged', async () => {
  const sessionId = await createSession(
    '工学类第 1 场',
    users.chief1,
    [users.ex1, users.ex2],
    [users.cand1, users.cand2, users['13800138000']],
  );

  const examiner = await signIn(users.ex1, '/conflicts');
  const card = examiner.getByTestId('conflict-session');
  await card.getByRole('heading', { name: /工学类第 1 场/ }).waitFor();
  await card.getByRole('cell', { name: /cand1/ }).waitFor();
  await card.getByRole('cell', { name: /cand2/ }).waitFor();
  await card.getByText('尚未申报回避。').waitFor();
  // The panel sees the candidate's phone number masked, as the api gives it.
  await card.getByRole('cell', { name: /138\*\*\*\*8000/ }).waitFor();
  expect(await card.getByText('13800138000').count()).toBe(0);

  // "Other" needs a note: the API's message shows at the note field.
  const form = card.getByRole('form', { name: '提交回避申报' });
  await form.getByLabel('考生').selectOption({ label: 'cand2（cand2）' });
  await form.getByLabel('回避原因').selectOption({ label: '其他' });
  await form.getByRole('button', { name: '提交回避申报' }).click();
  const note = form.getByLabel('说明（原因为“其他”时必填）');
  await examiner.waitForFunction(
    (el) => el?.getAttribute('aria-invalid') === 'true',
    await note.elementHandle(),
  );
  const describedBy = await note.getAttribute('aria-describedby');
  expect(await examiner.locator(`[id="${describedBy}"]`).textContent()).toContain('不能为空');
  expect(await card.getByTestId('my-conflicts').count()).toBe(0);

  await form.getByLabel('回避原因').selectOption({ label: '同一单位' });
  await form.getByRole('button', { name: '提交回避申报' }).click();
  await card.getByRole('status').getByText('已申报回避：cand2（同一单位）。').waitFor();
  await card.getByRole('row', { name: /cand2/ }).getByText('已申报：同一单位').waitFor();
  await card
    .getByTestId('my-conflicts')
    .getByText(/cand2 · 同一单位/)
    .waitFor();
  await examiner.close();

  const hr = await signIn(users.hrofficer, `/sessions/${sessionId}`);
  const flagged = hr.getByTestId('session-slots').getByRole('row', { name: /cand2/ });
  await flagged.getByTestId('recusal-flag').getByText('ex1 回避（同一单位）').waitFor();
  const clean = hr.getByTestId('session-slots').getByRole('row', { name: /cand1/ });
  expect(await clean.getByTestId('recusal-flag').count()).toBe(0);
  await hr.getByText('ex1 回避 cand2（同一单位）').waitFor();
  await hr
    .getByTestId('session-slots')
    .getByText(/13800138000/)
    .waitFor();
  await hr.close();
}, 120_000);

it('HR edits a session’s time and panel and sees the API’s errors at the fields', async () => {
  const sessionId = await createSession(
    '工学类第 2 场',
    users.chief2,
    [users.ex3, users.ex4],
    [users.cand3],
  );
  const page = await signIn(users.hrofficer, `/sessions/${sessionId}`);
  await page.getByRole('heading', { name: /工学类第 2 场/ }).waitFor();

  await page.getByRole('button', { name: '编辑场次' }).click();
  const form = page.getByRole('form', { name: '编辑场次' });
  await form.getByLabel('开始时间').fill('2030-07-01T09:00');
  await form.getByLabel('结束时间').fill('2030-07-01T11:30');
  await form.getByRole('checkbox', { name: 'ex5（ex5）' }).check();
  await form.getByRole('checkbox', { name: 'ex1（ex1）' }).check();
  await form.getByRole('button', { name: '保存修改并通知相关人员' }).click();
  await page.getByRole('status').getByText('场次已更新，变更通知已发出。').waitFor();
  await page.getByText('2030/07/01 09:00 – 2030/07/01 11:30').waitFor();
  await page.getByTestId('session-panel').getByText('考官：ex1、ex3、ex4、ex5').waitFor();

  // Bad values: each error shows at its own field, and nothing is saved.
  await page.getByRole('button', { name: '编辑场次' }).click();
  await form.getByLabel('场次名称').fill('');
  await form.getByRole('button', { name: '保存修改并通知相关人员' }).click();
  await form.locator('[data-field-error="title"]').getByText('title 不能为空').waitFor();
  expect(await form.getByLabel('场次名称').getAttribute('aria-invalid')).toBe('true');

  await form.getByLabel('场次名称').fill('工学类第 2 场（调整）');
  await form.getByLabel('结束时间').fill('2030-07-01T08:00');
  await form.getByRole('button', { name: '保存修改并通知相关人员' }).click();
  await form
    .locator('[data-field-error="endsAt"]')
    .getByText('场次结束时间必须晚于开始时间')
    .waitFor();
  expect(await form.locator('[data-field-error="title"]').count()).toBe(0);

  await form.getByLabel('结束时间').fill('2030-07-01T11:30');
  await form.getByRole('checkbox', { name: 'ex5（ex5）' }).uncheck();
  await form.getByRole('button', { name: '保存修改并通知相关人员' }).click();
  await form
    .locator('[data-field-error="examinerIds"]')
    .getByText(/考官小组（含主考官）人数须为 3 至 15 之间的奇数/)
    .waitFor();

  const stored = (await http.get(`/sessions/${sessionId}`, users.hrofficer.token).expect(200))
    .body as {
    title: string;
    startsAt: string;
    endsAt: string;
    panel: { examiners: { username: string }[] };
  };
  expect(stored.title).toBe('工学类第 2 场');
  // 09:00 and 11:30 Beijing time.
  expect([stored.startsAt, stored.endsAt]).toEqual([
    '2030-07-01T01:00:00.000Z',
    '2030-07-01T03:30:00.000Z',
  ]);
  expect(stored.panel.examiners.map((p) => p.username)).toEqual(['ex1', 'ex3', 'ex4', 'ex5']);
  await page.close();
}, 120_000);
