import type { NestExpressApplication } from '@nestjs/platform-express';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { launchBrowser } from '../support/browser';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';
import { makeCampaign } from '../sessions/fixtures';
import { FixtureSegment, insertSegment, insertSession, makeWebm } from './archive-fixtures';

/** Acceptance 4: a supervisor seeks within a recording in Chromium; others get 403; all audited. */
let db: TestDatabase;
let app: NestExpressApplication;
let context: BrowserContext;
let baseUrl: string;
let sessionId: string;
let segment: FixtureSegment;
const u: Record<string, TestUser> = {};
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-browser-'));
const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-rec-fixtures-'));

async function openAs(user: TestUser, pagePath: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(
    ([access, refresh]) => {
      const storage = (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage;
      storage.setItem('yunzhao.accessToken', access);
      storage.setItem('yunzhao.refreshToken', refresh);
    },
    [user.token, user.refreshToken],
  );
  await page.goto(`${baseUrl}${pagePath}`);
  return page;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApiApp(testConfig(db.url, { RECORDING_DIR: recordingDir }));
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const admin = await login(app);
  for (const [name, roles] of Object.entries({
    sup: ['supervisor'],
    exa: ['examiner'],
    cand: ['candidate'],
  })) {
    u[name] = await makeUser(app, admin.accessToken, `recweb_${name}`, roles);
  }
  const campaign = await makeCampaign(db, 'recording browser');
  sessionId = await insertSession(db, campaign.campaignId, '录像回看', new Date(), [u.sup.id]);
  const video = path.join(fixtureDir, 'video.webm');
  await makeWebm(video, 8);
  const start = new Date(Date.now() - 5 * 60_000);
  segment = await insertSegment(db, recordingDir, video, {
    sessionId,
    userId: u.cand.id,
    startedAt: start,
    endedAt: new Date(start.getTime() + 8_000),
  });
  const bytes = fs.readFileSync(segment.file);
  await db.query(
    `UPDATE recording_segments SET status = 'finalised', size_bytes = $2, duration_ms = 8000,
       streams = '[]'::jsonb, sha256 = $3, finalised_at = now() WHERE id = $1`,
    [segment.segmentId, bytes.length, createHash('sha256').update(bytes).digest('hex')],
  );
  await db.query(
    `INSERT INTO session_timeline (session_id, type, actor_user_id, payload, occurred_at)
     VALUES ($1, 'candidate.calledIn', $2, $3::jsonb, $4)`,
    [
      sessionId,
      u.sup.id,
      JSON.stringify({ candidateUserId: u.cand.id }),
      new Date(start.getTime() + 5_000),
    ],
  );
  context = await launchBrowser({ locale: 'zh-CN' });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  await db?.drop();
  fs.rmSync(recordingDir, { recursive: true, force: true });
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

describe('recording playback in the browser', () => {
  it('a supervisor plays a recording and seeks within it (served as 206 ranges)', async () => {
    const page = await openAs(u.sup, `/recordings/${sessionId}`);
    const ranged: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/recordings/play/')) ranged.push(response.status());
    });
    const row = page.locator(`[data-segment-id="${segment.segmentId}"]`);
    await row.getByRole('button', { name: '播放' }).click();
    const video = page.locator('[data-testid="recording-player"] video');
    await video.waitFor();
    await page.waitForFunction(
      () =>
        ((
          globalThis as unknown as {
            document: { querySelector(s: string): { readyState: number } | null };
          }
        ).document.querySelector('[data-testid="recording-player"] video')?.readyState ?? 0) >= 1,
    );
    const position = await video.evaluate(
      (element: {
        currentTime: number;
        addEventListener(e: string, f: () => void, o: object): void;
      }) =>
        new Promise<number>((resolve) => {
          element.addEventListener('seeked', () => resolve(element.currentTime), { once: true });
          element.currentTime = 6.5;
        }),
    );
    expect(position).toBeCloseTo(6.5, 1);
    // The position holds after the seek settles.
    expect(
      await video.evaluate((element: { currentTime: number }) => element.currentTime),
    ).toBeCloseTo(6.5, 1);
    expect(ranged).toContain(206);

    // A timeline marker seeks to the candidate's call-in, 5 s into the segment.
    const markerSeek = video.evaluate(
      (element: {
        currentTime: number;
        addEventListener(e: string, f: () => void, o: object): void;
      }) =>
        new Promise<number>((resolve) =>
          element.addEventListener('seeked', () => resolve(element.currentTime), { once: true }),
        ),
    );
    await page.locator('[data-testid="recording-markers"] button').first().click();
    expect(await markerSeek).toBeCloseTo(5, 0);
    await page.close();
  });

  it('a candidate and an examiner get 403, in the page and from the API', async () => {
    for (const user of [u.cand, u.exa]) {
      const page = await openAs(user, `/recordings/${sessionId}`);
      const status = await page.evaluate(
        async ([id, token]) =>
          (
            await fetch(`/api/sessions/${id}/recordings`, {
              headers: { Authorization: `Bearer ${token}` },
            })
          ).status,
        [sessionId, user.token],
      );
      expect(status).toBe(403);
      const grant = await page.evaluate(
        async ([id, token]) =>
          (
            await fetch(`/api/recordings/segments/${id}/playback`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${token}` },
            })
          ).status,
        [segment.segmentId, user.token],
      );
      expect(grant).toBe(403);
      await page.close();
    }
  });

  it('writes each access to the audit log', async () => {
    const entries = await db.query<{ actor: string; action: string; details: { what: string } }>(
      `SELECT actor, action, details FROM audit_log WHERE action LIKE 'recording.access%' ORDER BY seq`,
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: `user:${u.sup.id}`,
          action: 'recording.access',
          details: expect.objectContaining({ what: 'list' }),
        }),
        expect.objectContaining({
          actor: `user:${u.sup.id}`,
          action: 'recording.access',
          details: expect.objectContaining({ what: 'play' }),
        }),
        expect.objectContaining({ actor: `user:${u.cand.id}`, action: 'recording.access.denied' }),
        expect.objectContaining({ actor: `user:${u.exa.id}`, action: 'recording.access.denied' }),
      ]),
    );
  });
});
