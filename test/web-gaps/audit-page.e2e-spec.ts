import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuditService } from '@yunzhao/audit';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInPage } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

// The audit page (/audit): a supervisor reads the trail that the api wrote while people worked,
// filters and pages it, opens an entry's details, checks the hash chain, and sees the check
// break at the one entry changed behind the platform's back. Headless Chromium on the built
// web bundle served by the api (WEB_DIST may point elsewhere).

let db: TestDatabase;
let app: NestExpressApplication;
let browser: BrowserContext;
let baseUrl: string;
let adminToken: string;
const people: Record<'sup' | 'hr' | 'cand', { id: string; username: string }> = {} as never;
/** The entry whose details carry markup, to show it is printed as text. */
let markupSeq: string;
const MARKUP = "<img src=x onerror='window.__pwned=1'>工学类第 1 场";
const cspViolations: string[] = [];

interface Row {
  seq: string;
  actor: string;
  action: string;
  subject: string;
  occurred_at: Date;
  chain_pos: string | null;
  hash: string | null;
}
const rowsNewestFirst = (where = 'TRUE', params: unknown[] = []) =>
  db.query<Row>(
    `SELECT seq::text, actor, action, subject, occurred_at, chain_pos::text, hash
       FROM audit_log WHERE ${where} ORDER BY audit_log.seq DESC`,
    params,
  );

/** Beijing time (UTC+8, no daylight saving) as zh-CN writes it: 2020/06/12 08:30:05. */
function beijing(time: Date): string {
  const b = new Date(time.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${b.getUTCFullYear()}/${p(b.getUTCMonth() + 1)}/${p(b.getUTCDate())} ` +
    `${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`
  );
}

async function person(username: string, displayName: string, roles: string[]) {
  const password = `${username}-password-1`;
  const created = await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, displayName, password, roles })
    .expect(201);
  return { id: created.body.id as string, username };
}

const entryRows = (page: Page) => page.getByTestId('audit-entry');
const seqsShown = (page: Page) =>
  entryRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-seq') ?? ''));
/** The text of one column of every row shown (1-based, as the table reads). */
const column = (page: Page, n: number) =>
  entryRows(page).evaluateAll(
    (rows, index) => rows.map((row) => row.children[index - 1]?.textContent ?? ''),
    n,
  );
const COL = { seq: 1, time: 2, actor: 3, action: 4, subject: 5, chainPos: 6, hash: 7 };

async function waitForRows(page: Page, count: number): Promise<void> {
  await entryRows(page)
    .nth(count - 1)
    .waitFor();
  expect(await entryRows(page).count()).toBe(count);
}

/**
 * Does `act`, then waits for the list it loads: the list shown before is marked first, so a
 * new list (or the empty notice, or a refusal at a field) is known from the old one.
 */
async function relist(page: Page, act: () => Promise<void>): Promise<void> {
  const shown = page.getByTestId('audit-entries').or(page.getByText('没有符合条件的记录。'));
  await shown.evaluateAll((elements) => elements.forEach((e) => e.setAttribute('data-old', '')));
  await act();
  await page
    .locator(
      '[data-testid="audit-entries"]:not([data-old]), .notice-info:not([data-old]), [data-field-error]',
    )
    .first()
    .waitFor();
}

async function applyFilters(
  page: Page,
  values: { action?: string; prefix?: boolean; subject?: string; actor?: string },
) {
  const form = page.getByRole('form', { name: '筛选记录' });
  await form.getByLabel('操作', { exact: true }).fill(values.action ?? '');
  await form.getByLabel('操作匹配方式').selectOption(values.prefix ? 'prefix' : 'exact');
  await form.getByLabel('对象', { exact: true }).fill(values.subject ?? '');
  await form.getByLabel('操作人', { exact: true }).fill(values.actor ?? '');
  await relist(page, () => form.getByRole('button', { name: '筛选', exact: true }).click());
}

/** The list loaded by the last relist() holds exactly `expected` rows. */
async function loadedRows(page: Page, expected: number): Promise<void> {
  if (expected === 0) {
    expect(await page.getByText('没有符合条件的记录。').count()).toBe(1);
    expect(await entryRows(page).count()).toBe(0);
    return;
  }
  await waitForRows(page, expected);
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(
    testConfig(db.url, process.env.WEB_DIST ? { WEB_DIST: process.env.WEB_DIST } : {}),
  );
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  // What people did through the api: the administrator creates three accounts, two of them
  // sign in, and the HR officer's roles are changed back and forth (more than a page of entries).
  adminToken = (await login(app)).accessToken;
  people.sup = await person('audit_sup', '周监督', ['supervisor']);
  people.hr = await person('audit_hr', '李人事', ['hr']);
  people.cand = await person('audit_cand', '钱考生', ['candidate']);
  await login(app, 'audit_hr', 'audit_hr-password-1');
  await login(app, 'audit_cand', 'audit_cand-password-1');
  for (let i = 0; i < 56; i++) {
    await request(app.getHttpServer())
      .patch(`/api/users/${people.hr.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ roles: i % 2 === 0 ? ['hr', 'supervisor'] : ['hr'] })
      .expect(200);
  }
  // An entry whose details hold markup (a session title, as an HR officer might type it).
  const entry = await app.get(AuditService).record({
    actor: `user:${people.hr.id}`,
    action: 'session.update',
    subject: 'session:6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
    details: { title: MARKUP },
  });
  markupSeq = entry.seq;
  await app.get(AuditService).flush();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

async function openAudit(username: string): Promise<Page> {
  const page = await signInPage(browser, baseUrl, username, '/audit');
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

it('a supervisor reads the trail newest first with who did it, pages back and opens the details', async () => {
  const page = await openAudit('audit_sup');
  await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
  await waitForRows(page, 50);
  // The sign-in just made may not be linked into the chain yet: link it and load the page
  // again, so the page and the database below show the same moment.
  await app.get(AuditService).flush();
  await page.reload();
  await waitForRows(page, 50);

  // Newest first: the supervisor's own sign-in is on top, the page is the newest 50 entries.
  const all = await rowsNewestFirst();
  expect(all.length).toBeGreaterThan(60);
  expect(await seqsShown(page)).toEqual(all.slice(0, 50).map((r) => r.seq));
  const top = entryRows(page).first();
  expect(
    await top
      .locator('td')
      .nth(COL.actor - 1)
      .textContent(),
  ).toBe('周监督（audit_sup）');
  expect(
    await top
      .locator('td')
      .nth(COL.action - 1)
      .textContent(),
  ).toBe('auth.login');

  // Each row: Beijing time, the actor's name, action, subject, chain position and short hash.
  const times = await column(page, COL.time);
  const actors = await column(page, COL.actor);
  const subjects = await column(page, COL.subject);
  const positions = await column(page, COL.chainPos);
  const hashes = await column(page, COL.hash);
  const names: Record<string, string> = {
    [`user:${people.sup.id}`]: '周监督（audit_sup）',
    [`user:${people.hr.id}`]: '李人事（audit_hr）',
    [`user:${people.cand.id}`]: '钱考生（audit_cand）',
  };
  const [admin] = await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`);
  names[`user:${admin.id}`] = '系统管理员（admin）';
  all.slice(0, 50).forEach((row, i) => {
    expect(times[i]).toBe(beijing(row.occurred_at));
    expect(actors[i]).toBe(names[row.actor]);
    if (row.hash) {
      expect(positions[i]).toBe(row.chain_pos);
      expect(hashes[i]).toBe(`${row.hash.slice(0, 12)}…`);
    }
  });
  expect(subjects[0]).toBe(`user:${people.sup.id}`);
  // The markup entry's session subject links to that session's recordings.
  const markupRow = page.locator(`[data-testid="audit-entry"][data-seq="${markupSeq}"]`);
  expect(await markupRow.getByRole('link', { name: '查看该场次录像' }).getAttribute('href')).toBe(
    '/recordings/6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
  );

  // Load more: the older entries follow, without gaps or repeats, down to the first one.
  await page.getByText('已显示 50 条记录（按时间从新到旧）。').waitFor();
  await page.getByRole('button', { name: '加载更多' }).click();
  await waitForRows(page, all.length);
  expect(await seqsShown(page)).toEqual(all.map((r) => r.seq));
  await page.getByText('没有更早的记录了。').waitFor();
  expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
  const oldest = entryRows(page).last();
  expect(
    await oldest
      .locator('td')
      .nth(COL.actor - 1)
      .textContent(),
  ).toBe('系统');
  expect(
    await oldest
      .locator('td')
      .nth(COL.action - 1)
      .textContent(),
  ).toBe('user.create');

  // Details: the JSON as text, markup included, never as an element; the full hashes.
  await markupRow.getByRole('button', { name: `展开 第 #${markupSeq} 条记录的详情` }).click();
  const details = page.getByRole('region', { name: `第 #${markupSeq} 条记录的详情` });
  const json = details.locator('pre');
  expect(JSON.parse((await json.textContent()) ?? '')).toEqual({ title: MARKUP });
  expect(await json.textContent()).toContain("<img src=x onerror='window.__pwned=1'>");
  expect(await details.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBe(
    undefined,
  );
  const [stored] = await rowsNewestFirst('seq = $1', [markupSeq]);
  await details.getByText(stored.hash ?? 'no hash').waitFor();
  await markupRow.getByRole('button', { name: `收起 第 #${markupSeq} 条记录的详情` }).click();
  await details.waitFor({ state: 'detached' });
  await page.close();
}, 120_000);

it('filters by action, action prefix, subject and actor, and shows a refused filter at its field', async () => {
  const page = await openAudit('audit_sup');
  await waitForRows(page, 50);

  await applyFilters(page, { action: 'user.create' });
  const created = await rowsNewestFirst(`action = 'user.create'`);
  await loadedRows(page, created.length);
  expect(created.length).toBe(4);
  expect(await seqsShown(page)).toEqual(created.map((r) => r.seq));
  expect(new URL(page.url()).search).toBe('?action=user.create');

  // A prefix: every sign-in action ("auth." matches auth.login and its kin).
  await applyFilters(page, { action: 'auth.', prefix: true });
  const auth = await rowsNewestFirst(`action LIKE 'auth.%'`);
  await loadedRows(page, auth.length);
  expect(await seqsShown(page)).toEqual(auth.map((r) => r.seq));
  expect(new Set(await column(page, COL.action))).toEqual(new Set(['auth.login']));
  // "auth." taken exactly names no action.
  await applyFilters(page, { action: 'auth.' });
  await loadedRows(page, 0);

  // Subject: everything done to the HR officer's account.
  await applyFilters(page, { subject: `user:${people.hr.id}` });
  const aboutHr = await rowsNewestFirst('subject = $1', [`user:${people.hr.id}`]);
  await loadedRows(page, Math.min(aboutHr.length, 50));
  expect(await seqsShown(page)).toEqual(aboutHr.slice(0, 50).map((r) => r.seq));

  // Actor: clicking a name shows only what that person did.
  await relist(page, () => page.getByRole('button', { name: '清除筛选' }).click());
  await waitForRows(page, 50);
  await relist(page, () =>
    page
      .locator(`[data-testid="audit-entry"][data-seq="${markupSeq}"]`)
      .getByRole('button', { name: '李人事（audit_hr）' })
      .click(),
  );
  const byHr = await rowsNewestFirst('actor = $1', [`user:${people.hr.id}`]);
  await loadedRows(page, byHr.length);
  expect(await seqsShown(page)).toEqual(byHr.map((r) => r.seq));
  expect(new Set(await column(page, COL.actor))).toEqual(new Set(['李人事（audit_hr）']));
  const form = page.getByRole('form', { name: '筛选记录' });
  expect(await form.getByLabel('操作人', { exact: true }).inputValue()).toBe(
    `user:${people.hr.id}`,
  );

  // Combined: the HR officer's sign-ins only.
  await applyFilters(page, { action: 'auth.login', actor: `user:${people.hr.id}` });
  await loadedRows(page, 1);
  expect(await column(page, COL.action)).toEqual(['auth.login']);
  // The same filters again fetch what has happened since: the officer signs in once more.
  await login(app, 'audit_hr', 'audit_hr-password-1');
  await relist(page, () =>
    page
      .getByRole('form', { name: '筛选记录' })
      .getByRole('button', { name: '筛选', exact: true })
      .click(),
  );
  await loadedRows(page, 2);

  // A malformed actor: the API's message at the field, no list.
  await applyFilters(page, { actor: 'bob' });
  const actorInput: Locator = form.getByLabel('操作人', { exact: true });
  await form
    .locator('[data-field-error="actor"]')
    .getByText('actor 必须是 user:<用户 ID>、system 或 anonymous')
    .waitFor();
  expect(await actorInput.getAttribute('aria-invalid')).toBe('true');
  expect(await entryRows(page).count()).toBe(0);

  await relist(page, () => page.getByRole('button', { name: '清除筛选' }).click());
  await waitForRows(page, 50);
  expect(await form.locator('[data-field-error]').count()).toBe(0);
  await page.close();
}, 120_000);

it('verifies the chain intact, then shows where it breaks after a row is changed in the database', async () => {
  const page = await openAudit('audit_sup');
  await waitForRows(page, 50);
  const verification = page.getByTestId('audit-verification');

  await page.getByRole('button', { name: '校验审计链' }).click();
  const [{ n: total }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  await verification.getByText(`审计链完整：已校验 ${total} 条记录，未发现篡改。`).waitFor();
  const [last] = await db.query<{ hash: string }>(
    'SELECT hash FROM audit_log ORDER BY audit_log.chain_pos DESC LIMIT 1',
  );
  await verification.getByText(`最后一条已校验记录的哈希：${last.hash}`).waitFor();
  expect(await page.locator('[data-testid="audit-entry"][data-broken]').count()).toBe(0);

  // Someone with database access rewrites one role change (the trigger has to be switched off).
  const [target] = await db.query<{ seq: string; chain_pos: string }>(
    `SELECT seq::text, chain_pos::text FROM audit_log WHERE action = 'user.update'
      ORDER BY audit_log.seq DESC OFFSET 5 LIMIT 1`,
  );
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
  try {
    await db.query(
      `UPDATE audit_log SET details = jsonb_set(details, '{after,roles}', '["admin"]') WHERE seq = $1`,
      [target.seq],
    );
  } finally {
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
  }

  await page.getByRole('button', { name: '校验审计链' }).click();
  await verification.getByText(`审计链在第 #${target.seq} 条记录（user.update）处断开。`).waitFor();
  await verification.getByText('该记录的内容与其哈希不符：记录在写入后被改动过。').waitFor();
  await verification.getByText(`此前的 ${Number(target.chain_pos) - 1} 条记录校验通过。`).waitFor();
  expect(await verification.locator('[data-result]').getAttribute('data-result')).toBe('broken');
  // The broken entry is marked in the list, and only it.
  const marked = page.locator('[data-testid="audit-entry"][data-broken="true"]');
  expect(await marked.count()).toBe(1);
  expect(await marked.getAttribute('data-seq')).toBe(target.seq);
  await marked.getByText('校验在此处断开').waitFor();
  // The list was loaded again: the entry's details show what the database holds now.
  await marked.getByRole('button', { name: `展开 第 #${target.seq} 条记录的详情` }).click();
  const changed = page.getByRole('region', { name: `第 #${target.seq} 条记录的详情` });
  expect(JSON.parse((await changed.locator('pre').textContent()) ?? '{}')).toMatchObject({
    after: { roles: ['admin'] },
  });

  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  await verification
    .getByText(`The audit chain breaks at entry #${target.seq} (user.update).`)
    .waitFor();
  await page.getByRole('button', { name: 'Verify chain' }).waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  await page.close();
}, 120_000);

it('a candidate opening /audit gets the 403 page, and the api refuses them too', async () => {
  const page = await signInPage(browser, baseUrl, 'audit_cand', '/audit');
  await page.getByRole('heading', { name: '无权访问' }).waitFor();
  await page.getByText('403', { exact: true }).waitFor();
  expect(await page.getByTestId('audit-entries').count()).toBe(0);
  expect(await page.getByRole('button', { name: '校验审计链' }).count()).toBe(0);
  const status = await page.evaluate(async () => {
    const storage = (globalThis as unknown as { sessionStorage: { getItem(k: string): string } })
      .sessionStorage;
    const token = storage.getItem('yunzhao.accessToken');
    return (await fetch('/api/audit', { headers: { Authorization: `Bearer ${token}` } })).status;
  });
  expect(status).toBe(403);
  await page.close();
});

it('ran under the Content-Security-Policy without a violation', () => {
  expect(cspViolations).toEqual([]);
});
