// Issue #7: a published score never changes silently. In Chromium, the chief examiner asks for a
// correction of a published score with a reason (an empty reason is refused on the page), the
// supervisor sees it pending on their own page and approves; the history keeps the published and
// the corrected score with the reason, the score in force changes only after both approvals, and
// the audit log holds every step. Marks and the publication are set up through the API; the pages
// are the built web bundle served by the api (WEB_DIST may point elsewhere).
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser, signInPage } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { api, Api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from './fixtures';

let db: TestDatabase;
let app: NestExpressApplication;
let http: Api;
let baseUrl: string;
let world: ScoringWorld;
let browser: BrowserContext;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url));
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  http = api(app);
  world = await makeScoringWorld(app, db, 1);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
});

const signIn = (user: TestUser, next: string): Promise<Page> =>
  signInPage(browser, baseUrl, user.username, next);

it('a correction needs a reason and both approvals; the history keeps both scores; every step is audited', async () => {
  const { panel, sessionId } = world;
  const [candidate] = panel.candidates;
  const base = `/scoring/sessions/${sessionId}/candidates/${candidate.id}`;
  // Totals 85, 88, 90.5, 79, 92: drop 92 and 79, (85 + 88 + 90.5) / 3 = 87.83.
  const markers = [panel.chief, ...panel.examiners];
  const totals = [85, 88, 90.5, 79, 92];
  for (const [index, marker] of markers.entries()) {
    await http
      .post(`${base}/marks/mine/submit`, { marks: marksFor(totals[index]) }, marker.token)
      .expect(200);
  }
  const published = await http.post(`${base}/publish`, {}, panel.chief.token).expect(201);
  expect(published.body).toMatchObject({ publishedScore: 87.83, currentScore: 87.83 });

  const chief = await signIn(panel.chief, `/scoring/${sessionId}`);
  const chiefBox = chief.getByTestId('publication');
  await chiefBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor({ timeout: 20_000 });
  await chiefBox
    .getByTestId('history-published')
    .getByText(/公布成绩 87\.83/)
    .waitFor();

  // The chief corrects the second examiner's sheet (88 → 90): (85 + 90 + 90.5) / 3 = 88.50.
  const form = chief.getByRole('form', { name: '申请更正成绩' });
  await form.getByLabel('考官').selectOption({ label: panel.examiners[0].username });
  for (const [key, value] of Object.entries(marksFor(90))) {
    await form.locator(`input[data-dimension="${key}"]`).fill(String(value));
  }

  // No reason (blank or spaces only): refused on the page, in Chinese, and nothing is recorded.
  await form.getByRole('button', { name: '提交更正申请' }).click();
  const reasonField = form.getByLabel('更正理由');
  await form.getByRole('alert').getByText('请填写更正理由（至少 4 个字）').waitFor();
  expect(await reasonField.getAttribute('aria-invalid')).toBe('true');
  const describedBy = await reasonField.getAttribute('aria-describedby');
  expect(await chief.locator(`[id="${describedBy}"]`).textContent()).toBe(
    '请填写更正理由（至少 4 个字）',
  );
  await reasonField.fill('    ');
  await form.getByRole('button', { name: '提交更正申请' }).click();
  await form.getByRole('alert').getByText('请填写更正理由（至少 4 个字）').waitFor();
  expect(await chiefBox.getByTestId('correction').count()).toBe(0);
  expect(
    (await http.get(`${base}/publication`, panel.chief.token).expect(200)).body.corrections,
  ).toEqual([]);

  const reason = '第 2 位考官总分录入错误，应为 90 分';
  await reasonField.fill(reason);
  await form.getByRole('button', { name: '提交更正申请' }).click();
  await chiefBox
    .getByRole('status')
    .getByText('更正申请已提交，主考官和监督员均批准后生效。')
    .waitFor();
  const pending = chiefBox.getByTestId('correction');
  await pending.getByText(/更正申请：87\.83 → 88\.50/).waitFor();
  await pending.getByText(`更正理由：${reason}`).waitFor();
  await pending.getByText('主考官未批准 · 监督员未批准').waitFor();
  await pending.getByText('待主考官和监督员审批').waitFor();
  expect(await pending.getAttribute('data-status')).toBe('pending');
  // Requested is not in force.
  await chiefBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor();

  // The chief's approval alone changes nothing either.
  await pending.getByRole('button', { name: '批准更正' }).click();
  await pending.getByText('主考官已批准 · 监督员未批准').waitFor();
  await pending.getByRole('button', { name: '批准更正' }).waitFor({ state: 'detached' });
  expect(await pending.getAttribute('data-status')).toBe('pending');
  await chiefBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor();
  await chief
    .getByTestId('candidate')
    .getByText(/已公布：87\.83/)
    .waitFor();

  // The supervisor, on their own page, sees it pending with its reason and approves.
  const supervisor = await signIn(panel.supervisor, `/scoring/${sessionId}`);
  const supBox = supervisor.getByTestId('publication');
  await supBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor({ timeout: 20_000 });
  const seen = supBox.getByTestId('correction');
  await seen.getByText(`更正理由：${reason}`).waitFor();
  await seen.getByText('主考官已批准 · 监督员未批准').waitFor();
  expect(await seen.getAttribute('data-status')).toBe('pending');
  // The supervisor approves; they do not request corrections.
  expect(await supBox.getByRole('form', { name: '申请更正成绩' }).count()).toBe(0);
  await seen.getByRole('button', { name: '批准更正' }).click();

  // Both approvals in: the corrected score is the one in force, the published one stays in the history.
  await seen.getByText('主考官已批准 · 监督员已批准').waitFor();
  await seen.getByText(/已生效/).waitFor();
  expect(await seen.getAttribute('data-status')).toBe('approved');
  await supBox.getByText('当前成绩 88.50（公布时 87.83）').waitFor();
  await supBox
    .getByTestId('history-published')
    .getByText(/公布成绩 87\.83/)
    .waitFor();
  await seen.getByText(/更正申请：87\.83 → 88\.50/).waitFor();
  await supBox
    .getByTestId('current-announcement')
    .getByText(/最后得分 88\.50/)
    .waitFor();
  await supervisor
    .getByTestId('candidate')
    .getByText(/已公布：88\.50/)
    .waitFor();
  expect(await seen.getByRole('button', { name: '批准更正' }).count()).toBe(0);

  // The chief sees the same history after reloading the console.
  await chief.reload();
  await chiefBox.getByText('当前成绩 88.50（公布时 87.83）').waitFor({ timeout: 20_000 });
  const history = chiefBox.getByTestId('score-history');
  await history
    .getByTestId('history-published')
    .getByText(/公布成绩 87\.83/)
    .waitFor();
  const done = history.getByTestId('correction');
  expect(await done.getAttribute('data-status')).toBe('approved');
  expect(await done.getAttribute('data-previous')).toBe('87.83');
  expect(await done.getAttribute('data-score')).toBe('88.50');
  await done.getByText(`更正理由：${reason}`).waitFor();
  await chief
    .getByTestId('candidate')
    .getByText(/已公布：88\.50/)
    .waitFor();

  // The candidate sees the corrected score with its reason; the api agrees with the pages.
  const own = (await http.get(`${base}/publication`, candidate.token).expect(200)).body;
  expect(own).toMatchObject({ publishedScore: 87.83, currentScore: 88.5, corrected: true });
  expect(own.corrections).toEqual([
    expect.objectContaining({ reason, previousScore: 87.83, finalScore: 88.5, status: 'approved' }),
  ]);

  // Audited: the request (with its reason) by the chief, the chief's approval, and the
  // supervisor's approval that made it effective. Nothing was recorded for the refused attempts.
  const audit = await db.query<{
    action: string;
    actor: string;
    subject: string;
    details: Record<string, unknown>;
  }>(
    `SELECT action, actor, subject, details FROM audit_log
      WHERE action LIKE 'score.correct%' ORDER BY seq`,
  );
  const correctionId = own.corrections[0].id as string;
  expect(audit).toEqual([
    {
      action: 'score.correction.request',
      actor: `user:${panel.chief.id}`,
      subject: `session:${sessionId}`,
      details: expect.objectContaining({
        correctionId,
        reason,
        previousScore: 87.83,
        finalScore: 88.5,
        changedExaminers: [panel.examiners[0].id],
      }),
    },
    {
      action: 'score.correction.approve',
      actor: `user:${panel.chief.id}`,
      subject: `session:${sessionId}`,
      details: expect.objectContaining({ correctionId, as: 'chief_examiner', effective: false }),
    },
    {
      action: 'score.correct',
      actor: `user:${panel.supervisor.id}`,
      subject: `session:${sessionId}`,
      details: expect.objectContaining({ correctionId, as: 'supervisor', effective: true }),
    },
  ]);
  await chief.close();
  await supervisor.close();
}, 180_000);
