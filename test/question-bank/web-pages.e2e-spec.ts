import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import {
  api,
  EXAMPLE_PATH,
  hoursFromNow,
  makeApplication,
  makeCampaign,
  makeUser,
  secretTexts,
  TestUser,
} from './fixtures';

/** The question bank page and the draw controls, as a question admin, supervisor and chief use them. */
let db: TestDatabase;
let app: NestExpressApplication;
let http: ReturnType<typeof api>;
let context: BrowserContext;
let baseUrl: string;
let campaignId: string;
let sessionId: string;
const u: Record<string, TestUser> = {};

async function openAs(user: TestUser, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept('题目有误需更正'));
  await page.addInitScript(
    ([access, refresh]) => {
      // Runs in the page, where sessionStorage exists (this file compiles without DOM types).
      const storage = (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage;
      storage.setItem('yunzhao.accessToken', access);
      storage.setItem('yunzhao.refreshToken', refresh);
    },
    [user.token, user.refreshToken],
  );
  await page.goto(`${baseUrl}${path}`);
  return page;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  http = api(app);
  const admin = await login(app);
  for (const [name, roles] of Object.entries({
    qadmin: ['question_admin'],
    hrofficer: ['hr'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    exb: ['examiner'],
    sup: ['supervisor'],
    cand: ['candidate'],
  })) {
    u[name] = await makeUser(app, admin.accessToken, `qbweb_${name}`, roles);
  }
  const campaign = await makeCampaign(db);
  campaignId = campaign.campaignId;
  const application = await makeApplication(db, campaignId, campaign.posts['08'], u.cand.id);
  const created = await http
    .post(
      '/sessions',
      {
        campaignId,
        categoryCode: '08',
        title: '网页抽题',
        startsAt: hoursFromNow(1),
        endsAt: hoursFromNow(2),
        chiefExaminerId: u.chief.id,
        examinerIds: [u.exa.id, u.exb.id],
        supervisorIds: [u.sup.id],
        applicationIds: [application],
      },
      u.hrofficer.token,
    )
    .expect(201);
  sessionId = created.body.id;
  context = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  await db?.drop();
});

describe('question bank and draw pages', () => {
  it('imports, lists (metadata only) and seals a bank', async () => {
    const page = await openAs(u.qadmin, '/question-bank');
    await page.locator('select').selectOption(campaignId);
    await page.locator('input[type=file]').setInputFiles(EXAMPLE_PATH);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByTestId('question-sets').locator('tbody tr').nth(4).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('question-sets').locator('tbody tr').count()).toBe(5);
    const html = await page.content();
    expect(secretTexts().filter((text) => html.includes(text))).toEqual([]);

    await page.getByRole('button', { name: '封存题库' }).click();
    await page.getByTestId('bank-commitment').waitFor({ timeout: 10_000 });
    const published = (await http.get(`/draws/question-banks/${campaignId}`)).body
      .commitment as string;
    expect(await page.getByTestId('bank-commitment').textContent()).toBe(published);
    await page.close();
  }, 60_000);

  it('lets the supervisor enter the value and the chief draw and show a question', async () => {
    const supervisor = await openAs(u.sup, `/question-draw/${sessionId}`);
    await supervisor.getByPlaceholder('输入随机值').fill('四七一二');
    await supervisor.getByRole('button', { name: '确认', exact: true }).click();
    await supervisor.getByText('监督员随机值: 四七一二').waitFor({ timeout: 10_000 });

    const chief = await openAs(u.chief, `/question-draw/${sessionId}`);
    await chief.getByRole('button', { name: '抽取题本' }).click();
    await chief.getByRole('button', { name: '出示下一题' }).waitFor({ timeout: 10_000 });
    await chief.getByRole('button', { name: '出示下一题' }).click();
    await chief.getByTestId('countdown').first().waitFor({ timeout: 10_000 });
    const state = (await http.get(`/sessions/${sessionId}/question-draw`, u.chief.token)).body;
    expect(state.drawn).toBe(true);
    await chief.getByRole('link', { name: '公开抽签记录' }).click();
    await chief
      .getByTestId('draw-verdict')
      .locator('li[data-ok="true"]')
      .nth(1)
      .waitFor({ timeout: 10_000 });
    await supervisor.close();
    await chief.close();
  }, 60_000);
});
