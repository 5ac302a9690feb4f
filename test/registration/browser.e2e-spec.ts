import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInOn } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { idNumber, TINY_PNG } from './fixtures';

// The whole registration flow through the web UI in headless Chromium: a
// candidate registers, fills the profile, uploads a scan, applies and sees the
// verdict; HR approves; the candidate sees the approval. Two pages.

let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;
let storageDir: string;
const HR = { username: 'hr', password: 'hr-password-for-tests' };

beforeAll(async () => {
  db = await createTestDatabase();
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-storage-'));
  app = await createApiApp(
    testConfig(db.url, {
      SEED_DEMO: 'true',
      DEMO_HR_PASSWORD: HR.password,
      STORAGE_DIR: storageDir,
    }),
  );
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

/** A demo post of engineering that takes a master's in 0812 (picked through the API). */
async function engineeringPostForMasters(): Promise<string> {
  const token = (await login(app, HR.username, HR.password)).accessToken;
  const [campaign] = (
    await request(app.getHttpServer()).get('/api/campaigns').set('Authorization', `Bearer ${token}`)
  ).body;
  const posts = (
    await request(app.getHttpServer())
      .get(`/api/campaigns/${campaign.id}/posts`)
      .set('Authorization', `Bearer ${token}`)
  ).body.items as { id: string; degreeLevels: string[]; disciplines: string[] }[];
  const post = posts.find(
    (p) =>
      (p.disciplines.includes('08') || p.disciplines.includes('0812')) &&
      (p.degreeLevels.length === 0 || p.degreeLevels.includes('master')),
  );
  if (!post) throw new Error('the demo seed has no engineering post for a master');
  return post.id;
}

it('registration → profile → upload → application → verdict → HR approval → candidate sees it', async () => {
  const postId = await engineeringPostForMasters();
  const candidate = await browser.newPage();
  await candidate.goto(`${baseUrl}/register`);
  await candidate.getByLabel('手机号码或电子邮箱').fill('13700137000');
  await candidate.getByLabel('密码（至少 10 位）').fill('candidate-pass-123');
  await candidate.getByLabel('再次输入密码').fill('candidate-pass-123');
  await candidate.getByRole('button', { name: '注册并登录' }).click();
  await candidate.waitForURL('**/profile');

  await candidate.getByLabel('姓名').fill('赵小云');
  await candidate.getByLabel('身份证号码').fill(idNumber('19970808', '021'));
  await candidate.getByRole('button', { name: '保存' }).click();
  await candidate
    .getByTestId('profile-derived')
    .getByText('出生日期 1997-08-08 · 性别 男')
    .waitFor();

  await candidate.getByLabel('学历学位').selectOption('master');
  await candidate.getByLabel('毕业院校').fill('山东大学');
  await candidate.getByLabel('学科（一级学科代码）').selectOption('0812');
  await candidate.getByLabel('毕业时间').fill('2024-06-30');
  await candidate.getByRole('button', { name: '添加' }).click();
  await candidate.getByRole('cell', { name: /山东大学/ }).waitFor();

  await candidate
    .getByLabel('文件')
    .setInputFiles({ name: '学位证.png', mimeType: 'image/png', buffer: TINY_PNG });
  await candidate.getByRole('button', { name: '上传' }).click();
  await candidate
    .getByTestId('documents')
    .getByText(/学位证书 · 学位证\.png/)
    .waitFor();

  await candidate.getByRole('link', { name: '我的报名' }).click();
  await candidate.getByLabel('学科门类').selectOption({ label: '08 工学（60）' });
  await candidate.getByLabel('岗位').selectOption(postId);
  await candidate.getByRole('button', { name: '提交报名' }).click();
  const application = candidate.getByTestId('application');
  await application.getByText('符合报名条件').waitFor();
  await application.getByText(/山东大学（985 工程院校）/).waitFor();
  await application.getByText('待审核').first().waitFor();

  const hr = await browser.newPage();
  await signInOn(hr, baseUrl, HR.username, HR.password, '/review');
  const row = hr.getByTestId('review-table').getByRole('row', { name: /赵小云/ });
  await row.getByText('371***********').waitFor();
  await row.getByRole('button', { name: '审核' }).click();
  const detail = hr.getByTestId('review-detail');
  await detail.getByText(idNumber('19970808', '021')).waitFor();
  await detail.getByLabel('审核意见（必填）').fill('学历与专业符合岗位要求');
  await detail.getByRole('button', { name: '审核通过' }).click();
  await detail.getByText(/审核通过 · 学历与专业符合岗位要求/).waitFor();

  await candidate.reload();
  await candidate.getByTestId('application').getByText('审核通过').first().waitFor();
  await candidate.getByText('学历与专业符合岗位要求').first().waitFor();
  const history = await candidate
    .getByTestId('application')
    .locator('.timeline li')
    .allTextContents();
  expect(history.map((line) => line.split(' · ')[1])).toEqual(['待审核', '审核通过']);
}, 90_000);
