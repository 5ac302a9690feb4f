// Acceptance 1: a panel of five marks a candidate, the chief publishes from the browser, and the
// candidate's page, the chief's page and every examiner's connection hear it; another session
// hears nothing. The candidate and the chief are Chromium pages; the others are socket.io
// clients without media, joined to a media node booted in-process.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@yunzhao/config';
import type { RoomRole, ScorePublishedEvent } from '@yunzhao/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createMediaApp } from '../../apps/media/src/bootstrap';
import { connectSocket, signRoomToken, waitFor } from '../room/room-harness';
import { launchBrowser } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from './fixtures';

let db: TestDatabase;
let apiApp: NestExpressApplication;
let media: NestExpressApplication;
let apiUrl: string;
let mediaUrl: string;
let world: ScoringWorld;
let browser: BrowserContext;
const sockets: Socket[] = [];
let appConfig: AppConfig;

interface Listener {
  who: string;
  socket: Socket;
  published: ScorePublishedEvent[];
  confirmed: unknown[];
}

async function listener(
  who: string,
  user: TestUser,
  sessionId: string,
  role: RoomRole,
): Promise<Listener> {
  const token = signRoomToken(appConfig, { sub: user.id, sid: sessionId, role, name: who });
  const socket = await connectSocket(mediaUrl, { token, sessionId });
  sockets.push(socket);
  const published: ScorePublishedEvent[] = [];
  socket.on('scorePublished', (event: ScorePublishedEvent) => published.push(event));
  const confirmed: unknown[] = [];
  socket.on('scoreConfirmed', (event: unknown) => confirmed.push(event));
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  const joined = await socket.emitWithAck('join', { rtpCapabilities });
  expect(joined.error).toBeUndefined();
  return { who, socket, published, confirmed };
}

async function openPage(
  user: TestUser,
  path: string,
  role: RoomRole,
  sessionId: string,
): Promise<Page> {
  const roomToken = signRoomToken(appConfig, {
    sub: user.id,
    sid: sessionId,
    role,
    name: user.username,
  });
  const page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
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
  const fragment = new URLSearchParams({ token: roomToken, media: mediaUrl }).toString();
  await page.goto(`${apiUrl}${path}#${fragment}`);
  return page;
}

beforeAll(async () => {
  db = await createTestDatabase();
  appConfig = testConfig(db.url, { MEDIA_WORKERS: '1' });
  media = await createMediaApp(appConfig);
  await media.listen(0, '127.0.0.1');
  mediaUrl = (await media.getUrl()).replace('[::1]', '127.0.0.1');
  // The api hands browsers this media node's address with each room token.
  appConfig = { ...appConfig, rooms: { ...appConfig.rooms, mediaPublicUrl: mediaUrl } };
  apiApp = await createApiApp(appConfig);
  await apiApp.listen(0, '127.0.0.1');
  apiUrl = (await apiApp.getUrl()).replace('[::1]', '127.0.0.1');
  world = await makeScoringWorld(apiApp, db, 2);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await browser?.close();
  await media?.close();
  await apiApp?.close();
  await db?.drop();
});

it('the chief publishes from the browser; the candidate, the chief and every examiner hear it, the next candidate and another session do not', async () => {
  const http = api(apiApp);
  const { panel, sessionId } = world;
  const [candidate] = panel.candidates;
  const markers = [panel.chief, ...panel.examiners];
  const totals = [85, 88, 90.5, 79, 92];
  // The four examiners submit through the API; the chief marks in the console below.
  for (const [index, examiner] of markers.entries()) {
    if (examiner === panel.chief) continue;
    await http
      .post(
        `/scoring/sessions/${sessionId}/candidates/${candidate.id}/marks/mine/submit`,
        { marks: marksFor(totals[index]) },
        examiner.token,
      )
      .expect(200);
  }

  const examiners = await Promise.all(
    panel.examiners.map((examiner, n) =>
      listener(`examiner${n + 1}`, examiner, sessionId, 'examiner'),
    ),
  );
  const clerk = await listener('clerk', panel.clerk, sessionId, 'score_clerk');
  // The session's next candidate, waiting: a score is announced to its own candidate only.
  const waitingCandidate = await listener(
    'waiting candidate',
    panel.candidates[1],
    sessionId,
    'candidate',
  );
  const outsiders = [
    waitingCandidate,
    await listener('other chief', world.other.chief, world.otherSessionId, 'chief_examiner'),
    await listener('other candidate', world.other.candidates[0], world.otherSessionId, 'candidate'),
  ];

  // The candidate hears the score in the interview room itself (which gets its own room token).
  const candidatePage = await openPage(candidate, `/room/${sessionId}`, 'candidate', sessionId);
  const chiefPage = await openPage(
    panel.chief,
    `/scoring/${sessionId}`,
    'chief_examiner',
    sessionId,
  );
  for (const page of [candidatePage, chiefPage]) {
    await page.waitForSelector('[data-testid="score-feed"][data-status="joined"]', {
      timeout: 20_000,
    });
  }
  // The chief's own rubric form: fill every dimension, see the total, submit.
  await chiefPage.waitForSelector('[data-testid="mark-sheet"]');
  for (const [key, value] of Object.entries(marksFor(totals[0]))) {
    await chiefPage.fill(`input[data-dimension="${key}"]`, String(value));
  }
  expect(await chiefPage.textContent('[data-testid="mark-total"]')).toContain('85.00');
  await chiefPage.click('[data-testid="submit-marks"]');
  await chiefPage.waitForSelector('[data-testid="mark-sheet"][data-status="submitted"]');
  const expected =
    '5 位考官评分，去掉一个最高分 92.00，去掉一个最低分 79.00，其余 3 位合计 263.50，最后得分 87.83';
  await chiefPage.waitForSelector('[data-testid="preview-announcement"]');
  expect(await chiefPage.textContent('[data-testid="preview-announcement"]')).toBe(expected);

  await chiefPage.click('[data-testid="publish"]');

  const own = await candidatePage.waitForSelector('[data-testid="score-published"]', {
    timeout: 15_000,
  });
  expect(await own.getAttribute('data-score')).toBe('87.83');
  expect(await own.getAttribute('data-for-candidate')).toBe('true');
  expect(await candidatePage.textContent('[data-testid="score-announcement"]')).toBe(expected);
  const chiefHeard = await chiefPage.waitForSelector('[data-testid="score-published"]', {
    timeout: 15_000,
  });
  expect(await chiefHeard.getAttribute('data-score')).toBe('87.83');
  expect(await chiefHeard.getAttribute('data-for-candidate')).toBe('false');
  expect(await chiefPage.textContent('[data-testid="score-announcement"]')).toBe(expected);

  for (const client of [...examiners, clerk]) {
    const [event] = await waitFor(
      () => client.published.length > 0 && client.published,
      15_000,
      `${client.who} to hear the score`,
      20,
    );
    expect(event).toMatchObject({
      sessionId,
      candidateUserId: candidate.id,
      finalScore: 87.83,
      forCandidate: false,
      announcement: { 'zh-CN': expected, en: expect.stringContaining('Final score: 87.83.') },
    });
    expect(client.published).toHaveLength(1);
  }
  // The room heard it well before this; give a stray cross-session delivery time to show up.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const outsider of outsiders) expect(outsider.published).toEqual([]);

  // The console now shows the published score, where corrections are requested and approved.
  await chiefPage.waitForSelector('[data-testid="publication"]', { timeout: 15_000 });
  expect(await chiefPage.textContent('[data-testid="publication"]')).toContain('87.83');

  // The supervisor's confirmation reaches the room too.
  await http
    .post(
      `/scoring/sessions/${sessionId}/candidates/${candidate.id}/publication/confirm`,
      {},
      panel.supervisor.token,
    )
    .expect(200);
  await candidatePage.waitForSelector('[data-testid="score-confirmed"]', { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(waitingCandidate.confirmed).toEqual([]);

  // HR sees the ranking and the charts.
  await candidatePage.close();
  const hrPage = await openPage(panel.hr, '/results', 'candidate', sessionId);
  await hrPage.waitForSelector('[data-testid="ranking"]', { timeout: 15_000 });
  expect(await hrPage.textContent('[data-testid="ranking"]')).toContain('87.83');
  expect(await hrPage.locator('[data-testid="bar-chart"]').count()).toBe(3);
  // One histogram for the session, one per examiner of the panel.
  expect(await hrPage.locator('[data-testid="histogram"]').count()).toBe(6);
}, 90_000);
