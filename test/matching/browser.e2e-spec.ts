import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInOn } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, TestUser } from '../support/http';
import { approvedCandidate, auth, demoCampaign, openWindow } from './fixtures';

// Acceptance 3 of issue 8 in headless Chromium (built web served by the api): HR defines
// positions, the hires submit preferences in the web UI, HR runs both algorithms and sees the
// comparison chart, publishes; each hire sees their position and its explanation. Two pages,
// used one after the other: HR's, and one the hires take turns on.

jest.setTimeout(180_000);

const HR = { username: 'hr', password: 'hr-password-for-tests' };
let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;
let hire1: TestUser;
let hire2: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(
    testConfig(db.url, { SEED_DEMO: 'true', DEMO_HR_PASSWORD: HR.password }),
  );
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  // Before the UI part: two hires (ranks 1 and 2, discipline 0812) and an open window.
  const adminToken = (await login(app)).accessToken;
  const hrToken = (await login(app, HR.username, HR.password)).accessToken;
  const campaign = await demoCampaign(app, hrToken);
  hire1 = await approvedCandidate(app, db, adminToken, 'hire-one', campaign, '0812');
  hire2 = await approvedCandidate(app, db, adminToken, 'hire-two', campaign, '0812');
  const base = `/api/matching/campaigns/${campaign.campaignId}`;
  for (const [hire, rank] of [
    [hire1, 1],
    [hire2, 2],
  ] as const) {
    await request(app.getHttpServer())
      .post(`${base}/hires`)
      .set(auth(hrToken))
      .send({ candidateId: hire.id, rank })
      .expect(201);
  }
  await request(app.getHttpServer())
    .put(`${base}/settings`)
    .set(auth(hrToken))
    .send(openWindow(2))
    .expect(200);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const signIn = (page: Page, username: string, password: string, next: string) =>
  signInOn(page, baseUrl, username, password, next);

async function addPosition(page: Page, code: string, unit: string, title: string) {
  const form = page.getByTestId('add-position');
  await form.getByLabel('岗位代码').fill(code);
  await form.getByLabel('用人单位').fill(unit);
  await form.getByLabel('岗位名称').fill(title);
  await form.getByLabel('层级').selectOption(code === 'A' ? 'city' : 'county');
  await form.getByLabel('接收学科代码（4 位，逗号分隔）').fill('0812, 0835');
  await form.getByLabel('名额').fill('1');
  await form.getByRole('button', { name: '添加岗位' }).click();
  await page.getByTestId('matching-positions').getByRole('cell', { name: title }).waitFor();
}

it('HR defines positions, hires rank them, HR compares both runs and publishes, hires see the result', async () => {
  const hr = await browser.newPage();
  await signIn(hr, HR.username, HR.password, '/matching');
  await hr.getByRole('heading', { name: '岗位匹配' }).waitFor();
  await addPosition(hr, 'A', '聊城市人民医院', '信息科工程师');
  await addPosition(hr, 'B', '阳谷县人民医院', '设备科工程师');
  // hires are listed with their rank
  await hr.getByTestId('matching-hires').getByRole('cell', { name: 'hire-one' }).waitFor();

  // the hires take turns on one page: hire-one wants A then B, hire-two only A
  const hires = await browser.newPage();
  const choose = async (user: TestUser, labels: string[]) => {
    await signIn(hires, user.username, `${user.username}-password-1`, '/my-position');
    const form = hires.getByTestId('my-preferences');
    for (const [index, label] of labels.entries()) {
      await form.getByLabel(`第${index + 1}志愿`).selectOption({ label });
    }
    await form.getByRole('button', { name: '提交志愿' }).click();
    await form.getByRole('status').filter({ hasText: '志愿已提交' }).waitFor();
    await hires.getByRole('button', { name: '退出登录' }).click();
    await hires.waitForURL('**/login**');
  };
  await choose(hire1, ['聊城市人民医院 · 信息科工程师（A）', '阳谷县人民医院 · 设备科工程师（B）']);
  await choose(hire2, ['聊城市人民医院 · 信息科工程师（A）']);

  // HR runs both algorithms and sees the comparison chart
  await hr.reload();
  await hr.getByTestId('matching-hires').getByRole('cell', { name: 'hire-two' }).waitFor();
  await hr.getByRole('button', { name: '运行“按名次选岗”' }).click();
  await hr.getByTestId('run-detail').getByText('按名次选岗').waitFor();
  await hr.getByRole('button', { name: '运行“整体最优匹配”' }).click();
  await hr.getByTestId('run-detail').getByText('整体最优匹配').waitFor();
  const chart = hr.getByTestId('comparison-chart');
  await chart.waitFor();
  // serial: hire-one takes A, hire-two is left out; optimal: hire-one B (2nd), hire-two A
  const bar = (id: string) => chart.getByTestId(id).locator('text').textContent();
  expect(await bar('bar-serial-1')).toBe('1');
  expect(await bar('bar-optimal-1')).toBe('1');
  expect(await bar('bar-serial-2')).toBe('0');
  expect(await bar('bar-optimal-2')).toBe('1');
  expect(await bar('bar-serial-unassigned')).toBe('1');
  expect(await bar('bar-optimal-unassigned')).toBe('0');
  await chart.getByText('第2志愿', { exact: true }).waitFor();
  await chart.getByText('未分配', { exact: true }).waitFor();

  // publish the optimal run
  hr.on('dialog', (dialog) => void dialog.accept());
  const optimalRow = hr
    .getByTestId('matching-runs')
    .getByRole('row')
    .filter({ hasText: '整体最优匹配' })
    .filter({ hasText: '草稿' });
  await optimalRow.getByRole('button', { name: '公布' }).click();
  await hr
    .getByTestId('matching-runs')
    .getByRole('row')
    .filter({ hasText: '整体最优匹配' })
    .filter({ hasText: '已公布' })
    .waitFor();

  // each hire sees their own position and why
  const see = async (user: TestUser, position: string, explanation: string) => {
    await signIn(hires, user.username, `${user.username}-password-1`, '/my-position');
    const result = hires.getByTestId('my-assignment');
    await result.getByText(`您的岗位：${position}`).waitFor();
    expect(await result.getByTestId('my-explanation').textContent()).toContain(explanation);
    await hires.getByRole('button', { name: '退出登录' }).click();
    await hires.waitForURL('**/login**');
  };
  await see(hire1, '阳谷县人民医院 · 设备科工程师（B）', '第2志愿');
  await see(hire2, '聊城市人民医院 · 信息科工程师（A）', '您获得了第一志愿');

  // HR's page lists the published result too
  await hr
    .getByTestId('run-rows')
    .getByText('您的第1志愿（聊城市人民医院 · 信息科工程师（A））')
    .waitFor();
  await hires.close();
  await hr.close();
});
