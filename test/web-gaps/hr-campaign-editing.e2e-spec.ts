import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInPage } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { makeApplication, makeCampaign, makeUser, TestUser } from '../sessions/fixtures';

// The HR campaign page: a post's quota and a category's names are edited in place and stay
// after a reload; an unused post is deleted; a category that still has posts, or whose code a
// session still carries, is kept, with the counts as the reason; a reload of the page's data
// never wipes what HR is typing in the campaign form.
// Headless Chromium on the built web bundle served by the api (WEB_DIST may point elsewhere).

let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;
let hr: TestUser;
let candidate: TestUser;
let campaign: { campaignId: string; postId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const admin = await login(app);
  hr = await makeUser(app, admin.accessToken, 'hrediting', ['hr']);
  candidate = await makeUser(app, admin.accessToken, 'candediting', ['candidate']);
  // ENG (fixture) holds ENG-01, which has an application; SCI holds SCI-01, which nobody chose.
  campaign = await makeCampaign(db, '2021 水城优才');
  await makeApplication(db, campaign, candidate.id, 'submitted');
  const [sci] = await db.query<{ id: string }>(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en, sort_order)
     VALUES ($1, 'SCI', '理学类', 'Science', 2) RETURNING id`,
    [campaign.campaignId],
  );
  await db.query(
    `INSERT INTO posts (campaign_id, category_id, code, title, quota)
     VALUES ($1, $2, 'SCI-01', '理学类岗位', 2)`,
    [campaign.campaignId, sci.id],
  );
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const signIn = (user: TestUser, next: string): Promise<Page> =>
  signInPage(browser, baseUrl, user.username, next);

it('HR edits a quota and a category name, deletes an unused post, and is told why a category in use stays', async () => {
  const page = await signIn(hr, `/campaigns/${campaign.campaignId}`);
  const engPost = page.getByTestId('post-ENG-01');
  const engCategory = page.getByTestId('category-ENG');
  await engPost.getByText('工学类岗位').waitFor();

  // A post's quota, in place.
  await engPost.getByRole('button', { name: '编辑' }).click();
  const postEditor = page.getByRole('form', { name: '编辑岗位 ENG-01' });
  await postEditor.getByLabel('招聘人数').fill('12');
  await postEditor.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('status').getByText('岗位 ENG-01 已保存。').waitFor();
  await engPost.getByRole('cell', { name: '12', exact: true }).waitFor();

  // A category's name: a blank name is refused at its field, the form stays open.
  await engCategory.getByRole('button', { name: '编辑' }).click();
  const categoryEditor = page.getByRole('form', { name: '编辑学科门类 ENG' });
  const nameZh = categoryEditor.getByLabel('中文名称');
  await nameZh.waitFor();
  expect(await nameZh.inputValue()).toBe('工学类');
  await nameZh.fill('  ');
  await categoryEditor.getByRole('button', { name: '保存修改' }).click();
  await categoryEditor.getByText('nameZh 不能为空').waitFor();
  expect(await nameZh.getAttribute('aria-invalid')).toBe('true');
  await nameZh.fill('工学类（含交叉学科）');
  await categoryEditor.getByLabel('英文名称').fill('Engineering and interdisciplinary');
  await categoryEditor.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('status').getByText('学科门类 ENG 工学类（含交叉学科） 已保存。').waitFor();
  await engCategory.getByText('ENG 工学类（含交叉学科） · 1 个岗位 · 12 人').waitFor();

  // Both changes are stored: they are there after a reload.
  await page.reload();
  await engCategory.getByText('ENG 工学类（含交叉学科） · 1 个岗位 · 12 人').waitFor();
  await engPost.getByRole('cell', { name: '12', exact: true }).waitFor();
  await engPost.getByRole('cell', { name: 'ENG 工学类（含交叉学科）' }).waitFor();

  // HR is typing in the campaign form when the page reloads its data (after the delete):
  // what they typed stays.
  const campaignName = page.getByLabel('活动名称');
  expect(await campaignName.inputValue()).toBe('2021 水城优才');
  await campaignName.fill('2021 水城优才（修订中）');

  // The unused post goes after the confirmation.
  const sciPost = page.getByTestId('post-SCI-01');
  await sciPost.getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  await page.getByRole('status').getByText('岗位 SCI-01 已删除。').waitFor();
  await sciPost.waitFor({ state: 'detached' });
  // The category list reloaded with it (SCI is now empty)...
  await page.getByTestId('category-SCI').getByText('0 个岗位 · 0 人').waitFor();
  // ...and the campaign form still holds what HR typed.
  expect(await campaignName.inputValue()).toBe('2021 水城优才（修订中）');

  // A category that still has posts (and an application) cannot go: a clear reason shows.
  await engCategory.getByRole('button', { name: '删除' }).click();
  await page
    .getByRole('alertdialog')
    .getByText('确定从本次招聘中移除学科门类“ENG 工学类（含交叉学科）”吗？删除后不可恢复。')
    .waitFor();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  const refusal = page.getByRole('alert');
  await refusal
    .getByText('无法删除学科门类 ENG 工学类（含交叉学科）：该数据已被引用，无法删除')
    .waitFor();
  await refusal.getByText('该门类仍被使用：1 个岗位、1 份报名。请先删除或调整这些内容。').waitFor();
  await engCategory.waitFor();

  // SCI has no post left, but an interview session still carries its code: it stays too.
  await db.query(
    `INSERT INTO interview_sessions (campaign_id, category_code, title, starts_at, ends_at)
     VALUES ($1, 'SCI', '理学类第 1 场', now() + interval '1 day', now() + interval '1 day 2 hours')`,
    [campaign.campaignId],
  );
  await page.getByTestId('category-SCI').getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认删除' }).click();
  await refusal.getByText('无法删除学科门类 SCI 理学类：该数据已被引用，无法删除').waitFor();
  await refusal.getByText('该门类仍被使用：1 个面试场次。请先删除或调整这些内容。').waitFor();

  const categories = await db.query<{ code: string; name_zh: string; name_en: string }>(
    `SELECT code, name_zh, name_en FROM campaign_categories WHERE campaign_id = $1 ORDER BY code`,
    [campaign.campaignId],
  );
  expect(categories).toEqual([
    { code: 'ENG', name_zh: '工学类（含交叉学科）', name_en: 'Engineering and interdisciplinary' },
    { code: 'SCI', name_zh: '理学类', name_en: 'Science' },
  ]);
  const posts = await db.query<{ code: string; quota: number }>(
    `SELECT code, quota FROM posts WHERE campaign_id = $1 ORDER BY code`,
    [campaign.campaignId],
  );
  expect(posts).toEqual([{ code: 'ENG-01', quota: 12 }]);
  // The campaign's stored name is untouched: HR never saved the form.
  const [stored] = await db.query<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [
    campaign.campaignId,
  ]);
  expect(stored.name).toBe('2021 水城优才');
  await page.close();
}, 120_000);
