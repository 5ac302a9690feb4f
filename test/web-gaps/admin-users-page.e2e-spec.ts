import { hashPassword } from '@yunzhao/accounts';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInOn } from '../support/browser';
import { TEST_ADMIN, testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';

// The /admin/users page, which replaces curl for setting up a campaign's staff accounts: an
// administrator creates an examiner, finds it, changes its roles, sets a new password, disables
// and re-enables it; the examiner's sign-ins show each change took effect. Headless Chromium on
// the built web bundle under the api's strict CSP (WEB_DIST may point elsewhere).

let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;

/** Staff accounts already there, so the list needs a second page. */
const EXISTING_STAFF = 52;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(
    testConfig(db.url, process.env.WEB_DIST ? { WEB_DIST: process.env.WEB_DIST } : {}),
  );
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  // One scrypt hash for all of them: written straight into the table, they only fill the list.
  const hash = await hashPassword('staff-password-1');
  await db.query(
    `INSERT INTO users (username, display_name, password_hash, roles, created_at)
     SELECT 'staff' || lpad(n::text, 2, '0'), '工作人员' || n, $1, '{proctor}',
            now() + n * interval '1 millisecond'
       FROM generate_series(1, $2::int) AS n`,
    [hash, EXISTING_STAFF],
  );
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

/** A page that records every CSP violation (listener installed before any page script). */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await browser.newPage();
  await page.addInitScript({
    content: `window.__csp = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.__csp.push(event.effectiveDirective + ' ' + event.blockedURI));`,
  });
  return { page, violations: () => page.evaluate<string[]>('window.__csp') };
}

/**
 * Signs in through the login form in a new tab (its own session). Resolves to the signed-in
 * page, or to the login page's refusal text.
 */
async function signIn(
  username: string,
  password: string,
): Promise<{ page: Page; header: string } | { refusal: string }> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const outcome = page.locator('.topbar .user-info, .login-card [role="alert"]').first();
  await outcome.waitFor();
  if ((await outcome.getAttribute('role')) === 'alert') {
    const refusal = (await outcome.textContent()) ?? '';
    await page.close();
    return { refusal };
  }
  return { page, header: (await outcome.textContent()) ?? '' };
}

async function expectSignedIn(username: string, password: string): Promise<Page> {
  const outcome = await signIn(username, password);
  if (!('page' in outcome)) throw new Error(`${username} was refused: ${outcome.refusal}`);
  return outcome.page;
}

async function expectRefused(username: string, password: string): Promise<void> {
  const outcome = await signIn(username, password);
  if ('page' in outcome) {
    await outcome.page.close();
    throw new Error(`${username} signed in with ${password}`);
  }
  expect(outcome.refusal).toContain('用户名或密码错误');
}

it('an administrator sets up an examiner account from the page and manages it', async () => {
  const { page, violations } = await watchedPage();
  await signInOn(page, baseUrl, TEST_ADMIN.username, TEST_ADMIN.password, '/admin/users');
  await page.getByRole('heading', { name: '用户管理', level: 1 }).waitFor();

  // The list: the admin and the first 49 staff, then the rest on "load more".
  const rows = page.locator('[data-testid="accounts"] tbody tr[data-testid^="user-"]');
  await page.getByTestId('user-admin').waitFor();
  expect(await rows.count()).toBe(50);
  await page.getByText('已显示 50 个账号').waitFor();
  await page.getByRole('button', { name: '加载更多' }).click();
  await page.getByTestId(`user-staff${EXISTING_STAFF}`).waitFor();
  expect(await rows.count()).toBe(1 + EXISTING_STAFF);
  expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
  const adminRow = page.getByTestId('user-admin');
  await adminRow.getByRole('cell', { name: '系统管理员' }).first().waitFor();
  await adminRow.getByText('（本人）').waitFor();

  // Creating: the api's refusals show at their fields, and nothing is created.
  const create = page.getByRole('form', { name: '新建账号' });
  await create.getByLabel('登录用户名').fill('Exam.Liu');
  await create.getByLabel('姓名').fill('刘考官');
  await create.getByLabel('初始密码').fill('too-short');
  await create.getByRole('checkbox', { name: '考官', exact: true }).check();
  await create.getByRole('button', { name: '创建账号' }).click();
  await create
    .locator('[data-field-error="password"]')
    .getByText('password 长度不能少于 10 个字符')
    .waitFor();
  expect(await create.getByLabel('初始密码').getAttribute('aria-invalid')).toBe('true');
  await create.getByRole('alert').getByText('请求内容有误，请检查标出的字段').waitFor();

  await create.getByLabel('登录用户名').fill('admin');
  await create.getByLabel('初始密码').fill('liu-initial-pass-1');
  await create.getByRole('button', { name: '创建账号' }).click();
  await create.locator('[data-field-error="username"]').getByText('该用户名已被注册').waitFor();
  expect(await create.locator('[data-field-error="password"]').count()).toBe(0);

  await create.getByLabel('登录用户名').fill('Exam.Liu');
  await create.getByRole('button', { name: '创建账号' }).click();
  await create.getByRole('status').getByText('已创建账号 exam.liu。').waitFor();
  // The form is empty again for the next of the campaign's accounts.
  expect(await create.getByLabel('登录用户名').inputValue()).toBe('');
  expect(await create.getByRole('checkbox', { name: '考官', exact: true }).isChecked()).toBe(false);
  const row = page.getByTestId('user-exam.liu');
  await row.getByRole('cell', { name: '刘考官' }).waitFor();
  await row.getByText('考官', { exact: true }).waitFor();
  await row.getByText('启用', { exact: true }).waitFor();
  await row.getByText('新建').waitFor();

  // The examiner signs in with the initial password (the username in any case).
  const firstSession = await expectSignedIn('EXAM.LIU', 'liu-initial-pass-1');
  await firstSession.locator('.user-name', { hasText: '刘考官' }).waitFor();

  // Finding it: by part of the username in another case, then by role.
  const find = page.getByRole('search', { name: '查找账号' });
  await find.getByLabel('按用户名或姓名搜索').fill('LIU');
  await find.getByRole('button', { name: '搜索' }).click();
  await page.getByTestId('user-admin').waitFor({ state: 'detached' });
  await row.waitFor();
  expect(await rows.count()).toBe(1);
  await find.getByLabel('按用户名或姓名搜索').fill('');
  await find.getByLabel('角色').selectOption({ label: '考官' });
  await page.getByTestId('user-staff01').waitFor({ state: 'detached' });
  await row.waitFor();
  expect(await rows.count()).toBe(1);
  await find.getByLabel('按用户名或姓名搜索').fill('刘');
  await find.getByLabel('角色').selectOption({ label: '主考官' });
  await page.getByText('没有符合条件的账号。').waitFor();
  await find.getByLabel('角色').selectOption({ label: '全部角色' });
  await row.waitFor();
  expect(await rows.count()).toBe(1);

  // Editing: a blank name is refused at the field; then new name and roles are saved.
  await row.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('form', { name: '编辑账号 exam.liu' });
  await edit.getByLabel('姓名').fill('');
  await edit.getByRole('button', { name: '保存修改' }).click();
  await edit
    .locator('[data-field-error="displayName"]')
    .getByText('displayName 长度不能少于 1 个字符')
    .waitFor();
  await edit.getByLabel('姓名').fill('刘主考');
  await edit.getByRole('checkbox', { name: '主考官', exact: true }).check();
  await edit.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('status').getByText('账号 exam.liu 已保存。').waitFor();
  await edit.waitFor({ state: 'detached' });
  await row.getByRole('cell', { name: '刘主考' }).waitFor();
  await row.getByText('主考官', { exact: true }).waitFor();

  // A new password: typed twice; the api's length rule shows at the field.
  await row.getByRole('button', { name: '设置新密码' }).click();
  const reset = page.getByRole('form', { name: '为 exam.liu 设置新密码' });
  await reset.getByLabel('新密码', { exact: true }).fill('liu-new-pass-2');
  await reset.getByLabel('再次输入新密码').fill('liu-new-pass-3');
  await reset.getByRole('button', { name: '保存新密码' }).click();
  await reset.getByText('两次输入的密码不一致').waitFor();
  await reset.getByLabel('新密码', { exact: true }).fill('short');
  await reset.getByLabel('再次输入新密码').fill('short');
  await reset.getByRole('button', { name: '保存新密码' }).click();
  await reset
    .locator('[data-field-error="password"]')
    .getByText('password 长度不能少于 10 个字符')
    .waitFor();
  await reset.getByLabel('新密码', { exact: true }).fill('liu-new-pass-2');
  await reset.getByLabel('再次输入新密码').fill('liu-new-pass-2');
  await reset.getByRole('button', { name: '保存新密码' }).click();
  await page
    .getByRole('status')
    .getByText('已为 exam.liu 设置新密码，其原有登录会话已结束。')
    .waitFor();

  // The old password no longer signs in, the new one does, with the new name and roles...
  await expectRefused('exam.liu', 'liu-initial-pass-1');
  const second = await expectSignedIn('exam.liu', 'liu-new-pass-2');
  await second.locator('.user-name', { hasText: '刘主考' }).waitFor();
  await second.locator('.role-badges').getByText('主考官', { exact: true }).waitFor();
  await second.close();
  // ...and the tab signed in before is signed out on its next request.
  await firstSession.reload();
  await firstSession.getByText('登录已过期，请重新登录。').waitFor();
  await firstSession.close();

  // Disabled, the account cannot sign in; the button now offers to enable it.
  await row.getByRole('button', { name: '停用' }).click();
  await page.getByRole('status').getByText('账号 exam.liu 已停用，无法再登录。').waitFor();
  await row.getByText('已停用', { exact: true }).waitFor();
  await expectRefused('exam.liu', 'liu-new-pass-2');

  // The admin cannot disable their own account: the api's reason shows at the row.
  await find.getByLabel('按用户名或姓名搜索').fill('');
  await find.getByRole('button', { name: '搜索' }).click();
  await adminRow.waitFor();
  await adminRow.getByRole('button', { name: '停用' }).click();
  await page
    .getByRole('alert')
    .getByText('不能停用自己正在使用的账号，请由另一位系统管理员操作')
    .waitFor();
  await adminRow.getByText('启用', { exact: true }).waitFor();

  // Enabled again (found again: the newest account is past the first page), the examiner signs in.
  await find.getByLabel('按用户名或姓名搜索').fill('exam');
  await find.getByRole('button', { name: '搜索' }).click();
  await adminRow.waitFor({ state: 'detached' });
  await row.getByRole('button', { name: '启用' }).click();
  await page.getByRole('status').getByText('账号 exam.liu 已启用。').waitFor();
  await row.getByText('启用', { exact: true }).waitFor();
  const third = await expectSignedIn('exam.liu', 'liu-new-pass-2');
  await third.close();

  const [stored] = await db.query<{ display_name: string; roles: string[]; disabled: boolean }>(
    `SELECT display_name, roles, disabled FROM users WHERE username = 'exam.liu'`,
  );
  expect(stored).toEqual({
    display_name: '刘主考',
    roles: ['examiner', 'chief_examiner'],
    disabled: false,
  });
  expect(await violations()).toEqual([]);
  await page.close();
}, 180_000);

it('shows the page in English with the same role labels as the rest of the app', async () => {
  const { page, violations } = await watchedPage();
  await signInOn(page, baseUrl, TEST_ADMIN.username, TEST_ADMIN.password, '/admin/users');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'User management', level: 1 }).waitFor();
  const create = page.getByRole('form', { name: 'New account' });
  await create.getByRole('checkbox', { name: 'Chief examiner' }).waitFor();
  await create.getByRole('checkbox', { name: 'Question administrator' }).waitFor();
  // exam.liu is the newest of 54 accounts: past the first page, found by searching.
  const find = page.getByRole('search', { name: 'Find accounts' });
  await find.getByLabel('Search by username or name').fill('exam.liu');
  await find.getByRole('button', { name: 'Search' }).click();
  await page.getByTestId('user-exam.liu').getByText('Chief examiner').waitFor();
  await page.getByTestId('user-exam.liu').getByText('Enabled', { exact: true }).waitFor();
  // Server messages come in English too.
  await create.getByLabel('Sign-in username').fill('x');
  await create.getByRole('button', { name: 'Create account' }).click();
  await create
    .locator('[data-field-error="username"]')
    .getByText('username has the wrong format')
    .waitFor();
  expect(await violations()).toEqual([]);
  await page.close();
}, 120_000);
