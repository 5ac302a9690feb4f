// Issue #7: after the chief publishes, the room hears the announcement "plus the supervisor's
// confirmation". In Chromium, the supervisor confirms a published score from their scoring
// console: the button is theirs alone and only for a published, unconfirmed score; once clicked
// the page says it is confirmed and the button is gone, the chief's console and an examiner's
// room connection hear the confirmation, the api holds it and the audit log has the entry. A
// confirmation refused by the api (another supervisor's tab got there first, on a page that did
// not hear it from the room) is shown on the page. The supervisor also confirms from the
// interview room page itself, under the score in the room's feed, and the candidate's room page
// hears it. A room page lists the scores published before it (re)joined: a supervisor who
// opens the room late, or whose page rejoins after a network blip, sees and confirms them; a
// candidate who reloads still sees their own score and nobody else's. The media node runs
// in-process behind a TCP relay (cutting it is a network blip); marks and publications are set
// up through the api; the pages are the built web bundle served by the api.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@yunzhao/config';
import { Emitter } from '@socket.io/redis-emitter';
import { roomChannels } from '@yunzhao/contracts';
import type { RoomRole, ScoreConfirmedEvent } from '@yunzhao/contracts';
import Redis from 'ioredis';
import type { BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { ScoreBroadcaster } from '../../libs/scoring/src/score-broadcaster.service';
import {
  connectSocket,
  SignalingRelay,
  signRoomToken,
  startRelay,
  waitFor,
} from '../room/room-harness';
import { launchBrowser, signInOn } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { api, Api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from './fixtures';

let db: TestDatabase;
let apiApp: NestExpressApplication;
let media: NestExpressApplication;
let apiUrl: string;
let mediaUrl: string;
let appConfig: AppConfig;
let http: Api;
let world: ScoringWorld;
let browser: BrowserContext;
let relay: SignalingRelay;
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  appConfig = testConfig(db.url, {
    MEDIA_WORKERS: '1',
  });
  media = await createMediaApp(appConfig);
  await media.listen(0, '127.0.0.1');
  mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  relay = await startRelay(Number(new URL(mediaUrl).port));
  // The api hands browsers this media node's address (through the relay) with each room pass.
  appConfig = { ...appConfig, rooms: { ...appConfig.rooms, mediaPublicUrl: relay.url } };
  apiApp = await createApiApp(appConfig);
  await apiApp.listen(0, '127.0.0.1');
  apiUrl = (await apiApp.getUrl()).replace('[::1]', '127.0.0.1');
  http = api(apiApp);
  world = await makeScoringWorld(apiApp, db, 8);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await browser?.close();
  await relay?.close();
  await media?.close();
  await apiApp?.close();
  await db?.drop();
});

/** Signs in through the login page; `dialogs` collects the confirm() prompts (all accepted). */
async function signIn(
  user: TestUser,
  next: string,
  options: { dialogs?: string[]; prepare?: (page: Page) => Promise<unknown> } = {},
): Promise<Page> {
  const dialogs = options.dialogs ?? [];
  const page = await browser.newPage();
  await options.prepare?.(page);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  await signInOn(page, apiUrl, user.username, `${user.username}-password-1`, next);
  return page;
}

/** A room connection without media that records the confirmations it hears. */
async function listener(user: TestUser, sessionId: string, role: RoomRole) {
  const token = signRoomToken(appConfig, {
    sub: user.id,
    sid: sessionId,
    role,
    name: user.username,
  });
  const socket = await connectSocket(mediaUrl, { token, sessionId });
  sockets.push(socket);
  const confirmed: ScoreConfirmedEvent[] = [];
  socket.on('scoreConfirmed', (event: ScoreConfirmedEvent) => confirmed.push(event));
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  const joined = await socket.emitWithAck('join', { rtpCapabilities });
  expect(joined.error).toBeUndefined();
  return confirmed;
}

async function publish(candidate: TestUser): Promise<string> {
  const { panel, sessionId } = world;
  const base = `/scoring/sessions/${sessionId}/candidates/${candidate.id}`;
  // Totals 85, 88, 90.5, 79, 92: drop 92 and 79, (85 + 88 + 90.5) / 3 = 87.83.
  const totals = [85, 88, 90.5, 79, 92];
  for (const [index, marker] of [panel.chief, ...panel.examiners].entries()) {
    await http
      .post(`${base}/marks/mine/submit`, { marks: marksFor(totals[index]) }, marker.token)
      .expect(200);
  }
  await http.post(`${base}/publish`, {}, panel.chief.token).expect(201);
  return base;
}

async function displayName(user: TestUser): Promise<string> {
  const [row] = await db.query<{ display_name: string }>(
    'SELECT display_name FROM users WHERE id = $1',
    [user.id],
  );
  return row.display_name;
}

async function pick(page: Page, candidate: TestUser) {
  const button = page.locator(`[data-testid="candidate"][data-candidate="${candidate.id}"]`);
  await button.click();
  await page
    .locator(`[data-testid="candidate"][data-candidate="${candidate.id}"][aria-pressed="true"]`)
    .waitFor();
}

it('the supervisor confirms a published score from the console; the room hears it and it is audited', async () => {
  const { panel, sessionId } = world;
  const [first, second, unpublished] = panel.candidates;
  const firstBase = await publish(first);
  const secondBase = await publish(second);
  const supervisorName = await displayName(panel.supervisor);

  const examinerHeard = await listener(panel.examiners[0], sessionId, 'examiner');
  const outsiderHeard = await listener(world.other.chief, world.otherSessionId, 'chief_examiner');

  const chief = await signIn(panel.chief, `/scoring/${sessionId}`);
  const prompts: string[] = [];
  const supervisor = await signIn(panel.supervisor, `/scoring/${sessionId}`, { dialogs: prompts });
  for (const page of [chief, supervisor]) {
    await page.waitForSelector('[data-testid="score-feed"][data-status="joined"]', {
      timeout: 20_000,
    });
    await pick(page, first);
  }

  // The chief sees the score awaiting the supervisor, with no button to confirm it.
  const chiefBox = chief.getByTestId('publication');
  await chiefBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor({ timeout: 20_000 });
  await chiefBox.getByTestId('confirmation').getByText('待监督员确认').waitFor();
  expect(await chief.getByRole('button', { name: '确认成绩' }).count()).toBe(0);

  // The supervisor has the button for the published, unconfirmed score, and confirms.
  const supBox = supervisor.getByTestId('publication');
  await supBox.getByText('当前成绩 87.83（公布时 87.83）').waitFor({ timeout: 20_000 });
  const confirmButton = supBox.getByRole('button', { name: '确认成绩' });
  await confirmButton.click();
  await supBox.getByRole('status').getByText('您已确认该成绩。').waitFor();
  expect(prompts).toEqual(['确认后不能撤销，面试室将收到您的确认。确定确认该成绩吗？']);
  const done = supBox.getByTestId('confirmation');
  await done.getByTestId('confirmed').getByText('已确认', { exact: true }).waitFor();
  await done.getByText(/监督员已于 .+ 确认该成绩/).waitFor();
  await confirmButton.waitFor({ state: 'detached' });
  expect(await done.getAttribute('data-confirmed')).toBe('true');
  expect(await supervisor.getByRole('alert').count()).toBe(0);

  // The room hears it: the supervisor's own feed, the chief's console (which updates without a
  // reload), an examiner's connection; another session hears nothing.
  const confirmedLine = `监督员 ${supervisorName} 已确认`;
  await supervisor
    .getByTestId('score-feed')
    .getByTestId('score-confirmed')
    .getByText(confirmedLine)
    .waitFor({ timeout: 15_000 });
  await chief
    .getByTestId('score-feed')
    .getByTestId('score-confirmed')
    .getByText(confirmedLine)
    .waitFor({ timeout: 15_000 });
  await chiefBox.getByTestId('confirmed').getByText('已确认', { exact: true }).waitFor();
  expect(await chiefBox.getByText('待监督员确认').count()).toBe(0);
  const [heard] = await waitFor(
    () => examinerHeard.length > 0 && examinerHeard,
    15_000,
    'the examiner to hear the confirmation',
    20,
  );
  expect(heard).toMatchObject({ sessionId, candidateUserId: first.id, supervisorName });

  // The api holds the confirmation, by this supervisor.
  const firstView = (await http.get(`${firstBase}/publication`, panel.chief.token).expect(200))
    .body;
  expect(firstView).toMatchObject({ confirmedBy: panel.supervisor.id });
  expect(Date.parse(firstView.confirmedAt)).not.toBeNaN();
  expect(heard.confirmedAt).toBe(firstView.confirmedAt);

  // After a reload the page still shows it confirmed, with no button.
  await supervisor.reload();
  await pick(supervisor, first);
  await supBox.getByTestId('confirmed').waitFor({ timeout: 20_000 });
  expect(await supBox.getByRole('button', { name: '确认成绩' }).count()).toBe(0);

  // A candidate whose score is not published: nothing to confirm.
  await pick(supervisor, unpublished);
  await supervisor.getByTestId('panel-check').waitFor();
  expect(await supervisor.getByTestId('publication').count()).toBe(0);
  expect(await supervisor.getByRole('button', { name: '确认成绩' }).count()).toBe(0);

  // A console that is not in the room (its room pass request fails) cannot hear a confirmation
  // made elsewhere: the supervisor's click is refused by the api and the page says why.
  const offline = await signIn(panel.supervisor, `/scoring/${sessionId}`, {
    prepare: (page) => page.route('**/api/sessions/*/room-token', (route) => route.abort()),
  });
  await offline
    .getByTestId('score-feed')
    .getByText('未连接面试室，成绩公布后请刷新查看。')
    .waitFor({
      timeout: 20_000,
    });
  await pick(offline, second);
  const offBox = offline.getByTestId('publication');
  const stale = offBox.getByRole('button', { name: '确认成绩' });
  await stale.waitFor({ timeout: 20_000 });
  await http.post(`${secondBase}/publication/confirm`, {}, panel.supervisor.token).expect(200);
  await stale.click();
  await offBox.getByRole('alert').getByText('该成绩已由监督员确认').waitFor();
  await offBox.getByTestId('confirmed').waitFor();
  await stale.waitFor({ state: 'detached' });
  expect(await offBox.getByRole('status').count()).toBe(0);

  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(outsiderHeard).toEqual([]);
  // The examiner heard both confirmations, once each.
  expect(examinerHeard.map((e) => e.candidateUserId)).toEqual([first.id, second.id]);

  // Audited once per confirmation, by the supervisor; the refused click left no entry.
  const audit = await db.query<{
    actor: string;
    subject: string;
    details: Record<string, unknown>;
  }>(`SELECT actor, subject, details FROM audit_log WHERE action = 'score.confirm' ORDER BY seq`);
  expect(audit).toEqual([
    {
      actor: `user:${panel.supervisor.id}`,
      subject: `session:${sessionId}`,
      details: expect.objectContaining({ candidateId: first.id, finalScore: 87.83 }),
    },
    {
      actor: `user:${panel.supervisor.id}`,
      subject: `session:${sessionId}`,
      details: expect.objectContaining({ candidateId: second.id, finalScore: 87.83 }),
    },
  ]);
  for (const page of [chief, supervisor, offline]) await page.close();
}, 180_000);

it('the supervisor confirms a published score from the interview room page; the room hears it', async () => {
  const { panel, sessionId } = world;
  // Candidates 4 and 5 are the room's: the console test above leaves them unpublished (6 and 7
  // are the next test's).
  const [, , , inRoom, elsewhere] = panel.candidates;
  const supervisorName = await displayName(panel.supervisor);
  const confirmedLine = `监督员 ${supervisorName} 已确认`;

  // The supervisor (unseen, no camera) and a candidate (camera) in the room page itself.
  const prompts: string[] = [];
  const supervisor = await signIn(panel.supervisor, `/room/${sessionId}`, { dialogs: prompts });
  const candidate = await signIn(inRoom, `/room/${sessionId}`);
  for (const page of [supervisor, candidate]) {
    await page.waitForSelector('[data-testid="score-feed"][data-status="joined"]', {
      timeout: 30_000,
    });
  }
  expect(await supervisor.locator('.room').getAttribute('data-role')).toBe('supervisor');
  expect(await candidate.locator('.room').getAttribute('data-role')).toBe('candidate');

  // The chief publishes; the supervisor's feed shows the score with the control to confirm it.
  const base = await publish(inRoom);
  const supFeed = supervisor.getByTestId('score-feed');
  const supScore = supFeed.locator(
    `[data-testid="score-published"][data-candidate="${inRoom.id}"]`,
  );
  await supScore.waitFor({ timeout: 15_000 });
  expect(await supScore.getAttribute('data-score')).toBe('87.83');
  const confirmButton = supScore.getByRole('button', { name: '确认成绩' });
  await confirmButton.waitFor();
  await supScore.getByText('请核对公布的成绩，无误后予以确认。').waitFor();
  expect(await supScore.getByTestId('confirmation').getAttribute('data-confirmed')).toBe('false');
  // The candidate hears their own score, with nothing to confirm.
  const ownScore = candidate.getByTestId('score-feed').getByTestId('score-published');
  await ownScore.waitFor({ timeout: 15_000 });
  expect(await ownScore.getAttribute('data-for-candidate')).toBe('true');
  expect(await candidate.getByTestId('confirmation').count()).toBe(0);
  expect(await candidate.getByRole('button', { name: '确认成绩' }).count()).toBe(0);

  // The supervisor confirms from the room page.
  await confirmButton.click();
  await supScore.getByRole('status').getByText('您已确认该成绩。').waitFor({ timeout: 15_000 });
  expect(prompts).toEqual(['确认后不能撤销，面试室将收到您的确认。确定确认该成绩吗？']);
  const done = supScore.getByTestId('confirmation');
  await done.getByTestId('confirmed').getByText('已确认', { exact: true }).waitFor();
  await done.getByText(/监督员已于 .+ 确认该成绩/).waitFor();
  await confirmButton.waitFor({ state: 'detached' });
  expect(await done.getAttribute('data-confirmed')).toBe('true');
  expect(await supervisor.getByRole('alert').count()).toBe(0);

  // Both room pages show the confirmation in their feed (the supervisor's also lists the
  // scores the console test confirmed before this page opened).
  for (const page of [supervisor, candidate]) {
    await page
      .getByTestId('score-feed')
      .locator(`[data-testid="score-confirmed"][data-candidate="${inRoom.id}"]`)
      .getByText(confirmedLine)
      .waitFor({ timeout: 15_000 });
  }
  expect(await candidate.getByTestId('score-confirmed').count()).toBe(1);

  // The api holds it, by this supervisor, and it is audited once.
  const view = (await http.get(`${base}/publication`, panel.chief.token).expect(200)).body;
  expect(view).toMatchObject({ confirmedBy: panel.supervisor.id });
  expect(Date.parse(view.confirmedAt)).not.toBeNaN();
  const audit = await db.query<{ actor: string; subject: string }>(
    `SELECT actor, subject FROM audit_log
     WHERE action = 'score.confirm' AND details->>'candidateId' = $1`,
    [inRoom.id],
  );
  expect(audit).toEqual([
    { actor: `user:${panel.supervisor.id}`, subject: `session:${sessionId}` },
  ]);

  // A score confirmed elsewhere (the console, another supervisor's tab) loses its button in the
  // room as soon as the room hears the confirmation, without a click.
  await publish(elsewhere);
  const otherScore = supFeed.locator(
    `[data-testid="score-published"][data-candidate="${elsewhere.id}"]`,
  );
  await otherScore.getByRole('button', { name: '确认成绩' }).waitFor({ timeout: 15_000 });
  await http
    .post(
      `/scoring/sessions/${sessionId}/candidates/${elsewhere.id}/publication/confirm`,
      {},
      panel.supervisor.token,
    )
    .expect(200);
  await otherScore.getByTestId('confirmed').waitFor({ timeout: 15_000 });
  expect(await otherScore.getByRole('button', { name: '确认成绩' }).count()).toBe(0);
  expect(await otherScore.getByRole('status').count()).toBe(0);
  expect(prompts).toHaveLength(1);
  // Another candidate's score and its confirmation are not announced to this candidate (the
  // supervisor's page heard both before this point).
  expect(await candidate.getByTestId('score-confirmed').count()).toBe(1);
  expect(await candidate.locator(`[data-candidate="${elsewhere.id}"]`).count()).toBe(0);
  for (const page of [supervisor, candidate]) await page.close();
}, 180_000);

it('a room page lists the scores published before it (re)joined: the supervisor confirms them; a candidate who reloads sees their own only', async () => {
  const { panel, sessionId } = world;
  // Candidates 1, 2, 4 and 5 were published (and confirmed) by the tests above, 3 never was.
  const [first, second, unpublished, inRoom, elsewhere, late, missed] = panel.candidates;
  const earlier = [first, second, inRoom, elsewhere];
  const supervisorName = await displayName(panel.supervisor);
  const confirmedLine = `监督员 ${supervisorName} 已确认`;
  const scoreOf = (page: Page, candidate: TestUser) =>
    page
      .getByTestId('score-feed')
      .locator(`[data-testid="score-published"][data-candidate="${candidate.id}"]`);
  const confirmedOf = (page: Page, candidate: TestUser) =>
    page
      .getByTestId('score-feed')
      .locator(`[data-testid="score-confirmed"][data-candidate="${candidate.id}"]`);
  const loaded = (page: Page) =>
    page.waitForSelector(
      '[data-testid="score-feed"][data-status="joined"][data-history="loaded"]',
      { timeout: 30_000 },
    );
  const status = (page: Page) => page.getByTestId('room-status').getAttribute('data-status');

  // Published while no supervisor's page is open: the supervisor opens the room and finds it,
  // unconfirmed, with the button; the scores confirmed before are listed as confirmed.
  const lateBase = await publish(late);
  const prompts: string[] = [];
  const supervisor = await signIn(panel.supervisor, `/room/${sessionId}`, { dialogs: prompts });
  await loaded(supervisor);
  const lateScore = scoreOf(supervisor, late);
  await lateScore.waitFor({ timeout: 15_000 });
  expect(await lateScore.getAttribute('data-score')).toBe('87.83');
  expect(await lateScore.getAttribute('data-for-candidate')).toBe('false');
  const lateView = (await http.get(`${lateBase}/publication`, panel.chief.token).expect(200)).body;
  expect(await lateScore.getByTestId('score-announcement').textContent()).toBe(
    lateView.announcement['zh-CN'],
  );
  expect(await lateScore.getByTestId('confirmation').getAttribute('data-confirmed')).toBe('false');
  const confirmLate = lateScore.getByRole('button', { name: '确认成绩' });
  await confirmLate.waitFor();
  for (const candidate of earlier) {
    expect(await scoreOf(supervisor, candidate).count()).toBe(1);
    expect(
      await scoreOf(supervisor, candidate)
        .getByTestId('confirmation')
        .getAttribute('data-confirmed'),
    ).toBe('true');
    expect(await confirmedOf(supervisor, candidate).getByText(confirmedLine).count()).toBe(1);
  }
  expect(await scoreOf(supervisor, unpublished).count()).toBe(0);
  expect(await supervisor.getByTestId('score-published').count()).toBe(5);
  expect(await supervisor.getByRole('button', { name: '确认成绩' }).count()).toBe(1);

  // The supervisor confirms it there; the room hears it, the api holds it, audited once.
  await confirmLate.click();
  await lateScore.getByRole('status').getByText('您已确认该成绩。').waitFor({ timeout: 15_000 });
  expect(prompts).toEqual(['确认后不能撤销，面试室将收到您的确认。确定确认该成绩吗？']);
  await lateScore.getByTestId('confirmed').waitFor();
  await confirmLate.waitFor({ state: 'detached' });
  await confirmedOf(supervisor, late).getByText(confirmedLine).waitFor({ timeout: 15_000 });
  expect(
    (await http.get(`${lateBase}/publication`, panel.chief.token).expect(200)).body,
  ).toMatchObject({ confirmedBy: panel.supervisor.id });
  const audit = await db.query<{ actor: string }>(
    `SELECT actor FROM audit_log
      WHERE action = 'score.confirm' AND details->>'candidateId' = $1`,
    [late.id],
  );
  expect(audit).toEqual([{ actor: `user:${panel.supervisor.id}` }]);

  // A network blip: while the page is away a score is published, which it cannot hear. Back in
  // the room it lists that score, and every score still once (the list and what the page heard
  // before are merged by publication).
  relay.hold();
  relay.cut();
  await waitFor(
    async () => (await status(supervisor)) !== 'joined',
    10_000,
    'the page to notice the blip',
    50,
  );
  await publish(missed);
  expect(await scoreOf(supervisor, missed).count()).toBe(0);
  expect(await status(supervisor)).not.toBe('joined');
  relay.release();
  await waitFor(async () => (await status(supervisor)) === 'joined', 30_000, 'the page to rejoin');
  const missedScore = scoreOf(supervisor, missed);
  await missedScore.waitFor({ timeout: 15_000 });
  await loaded(supervisor);
  await missedScore.getByRole('button', { name: '确认成绩' }).waitFor();
  for (const candidate of [...earlier, late, missed]) {
    expect(await scoreOf(supervisor, candidate).count()).toBe(1);
  }
  expect(await supervisor.getByTestId('score-published').count()).toBe(6);
  for (const candidate of [...earlier, late]) {
    expect(await confirmedOf(supervisor, candidate).count()).toBe(1);
  }
  expect(await confirmedOf(supervisor, missed).count()).toBe(0);
  expect(await supervisor.getByRole('button', { name: '确认成绩' }).count()).toBe(1);

  // The candidate whose score that was opens the room: their own score, announced; after a
  // reload still there, and never another candidate's.
  const candidate = await signIn(missed, `/room/${sessionId}`);
  const missedView = (
    await http.get(
      `/scoring/sessions/${sessionId}/candidates/${missed.id}/publication`,
      panel.chief.token,
    )
  ).body;
  for (const round of ['opened', 'reloaded']) {
    if (round === 'reloaded') await candidate.reload();
    await loaded(candidate);
    const own = scoreOf(candidate, missed);
    await own.waitFor({ timeout: 15_000 });
    expect(await own.getAttribute('data-for-candidate')).toBe('true');
    expect(await own.getAttribute('data-score')).toBe('87.83');
    await own.getByText('您的面试成绩').waitFor();
    expect(await own.getByTestId('score-announcement').textContent()).toBe(
      missedView.announcement['zh-CN'],
    );
    expect(await candidate.getByTestId('score-published').count()).toBe(1);
    expect(await candidate.getByTestId('score-confirmed').count()).toBe(0);
    expect(await candidate.getByTestId('confirmation').count()).toBe(0);
    for (const other of [...earlier, late]) {
      expect(await candidate.locator(`[data-candidate="${other.id}"]`).count()).toBe(0);
    }
  }
  for (const page of [supervisor, candidate]) await page.close();
}, 180_000);

it('the room page, the scoring console and the live score page list earlier scores and read them again when the media node says it may have missed some', async () => {
  const { panel, sessionId } = world;
  const lost = panel.candidates[7];
  const feedLoaded = '[data-testid="score-feed"][data-status="joined"][data-history="loaded"]';
  const scoreOf = (page: Page, candidate: TestUser) =>
    page
      .getByTestId('score-feed')
      .locator(`[data-testid="score-published"][data-candidate="${candidate.id}"]`);
  // The room page and the console's listen-only feed (it is no peer, so it does not take over
  // the supervisor's room connection); the candidate's own /score-live page.
  const room = await signIn(panel.supervisor, `/room/${sessionId}`);
  const consolePage = await signIn(panel.supervisor, `/scoring/${sessionId}`);
  const live = await signIn(lost, `/score-live/${sessionId}`);
  const staffPages = [room, consolePage];
  for (const page of [...staffPages, live])
    await page.waitForSelector(feedLoaded, { timeout: 30_000 });

  // Scores published before the pages opened are listed by the staff pages, once each; the
  // candidate, whose score is not out yet, sees none of them.
  const earlier = await db.query<{ candidate_id: string }>(
    'SELECT candidate_id FROM score_publications WHERE session_id = $1',
    [sessionId],
  );
  expect(earlier.length).toBeGreaterThan(0);
  for (const page of staffPages) {
    for (const { candidate_id } of earlier) {
      const listed = page
        .getByTestId('score-feed')
        .locator(`[data-testid="score-published"][data-candidate="${candidate_id}"]`);
      await listed.waitFor({ timeout: 15_000 });
      expect(await listed.count()).toBe(1);
    }
    expect(await page.getByTestId('score-published').count()).toBe(earlier.length);
  }
  expect(await live.getByTestId('score-published').count()).toBe(0);

  // The score's event never reaches the room, as when the media node's Redis subscription is down.
  const broadcaster = apiApp.get(ScoreBroadcaster, { strict: false });
  const deliver = broadcaster.published.bind(broadcaster);
  broadcaster.published = () => undefined;
  try {
    await publish(lost);
  } finally {
    broadcaster.published = deliver;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const page of [...staffPages, live]) expect(await scoreOf(page, lost).count()).toBe(0);

  // Subscribed again, the node tells its sockets to resync (test/faults/redis-socket-adapter);
  // here the test sends that word through the same Redis channel. Every page reads the list again.
  const redis = new Redis(appConfig.redis.url);
  try {
    new Emitter(redis, { key: `${appConfig.redis.keyPrefix}:socket.io` })
      .to(roomChannels.all(sessionId))
      .emit('resync');
    for (const page of [...staffPages, live])
      await scoreOf(page, lost).waitFor({ timeout: 15_000 });
  } finally {
    redis.disconnect();
  }
  for (const page of staffPages) {
    expect(await scoreOf(page, lost).getAttribute('data-score')).toBe('87.83');
    expect(await page.getByTestId('score-published').count()).toBe(earlier.length + 1);
  }
  expect(await scoreOf(room, lost).getByRole('button', { name: '确认成绩' }).count()).toBe(1);
  // The candidate: their own score, as announced to them, and still nobody else's.
  const own = scoreOf(live, lost);
  expect(await own.getAttribute('data-for-candidate')).toBe('true');
  expect(await own.getAttribute('data-score')).toBe('87.83');
  expect(await live.getByTestId('score-published').count()).toBe(1);
  for (const page of [...staffPages, live]) await page.close();
}, 120_000);
