import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import {
  createUser,
  openRoomPage,
  RoomStack,
  scheduleSession,
  startRoomStack,
  TestUser,
  tiles,
  waitFor,
} from './room-harness';

/**
 * Acceptance 1, 2 and 4 in one room: candidate, chief, examiner and the
 * supervisor in four Chromium pages (the most this 2-core machine holds). HR
 * schedules the session through the api; every page asks the api for its own
 * room token, exactly as in production.
 */
let stack: RoomStack;
let context: BrowserContext;
let sid: string;
const people: Record<'candidate' | 'chief' | 'examiner' | 'supervisor' | 'hr', TestUser> =
  {} as never;
const pages: Record<'candidate' | 'chief' | 'examiner' | 'supervisor', Page> = {} as never;

const decodedVideo = (t: { frames: number }) => t.frames > 0;
const decodedAudio = (t: { audioSamples: number; audioPackets: number }) =>
  t.audioSamples > 0 && t.audioPackets > 0;

beforeAll(async () => {
  stack = await startRoomStack();
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const make = (username: string, roles: string[], name?: string) =>
    createUser(stack, admin.accessToken, username, roles, name);
  people.candidate = await make('cand1', ['candidate'], '考生赵');
  people.chief = await make('chief1', ['chief_examiner'], '主考官张');
  people.examiner = await make('exam1', ['examiner'], '考官李');
  people.supervisor = await make('super1', ['supervisor'], '监督员王');
  people.hr = await make('hr1', ['hr']);
  // An odd panel: the chief and four examiners (three of them stay away from the browser).
  const others = [await make('exam2', ['examiner']), await make('exam3', ['examiner'])];
  others.push(await make('exam4', ['examiner']));
  const proctor = await make('proctor1', ['proctor']);
  sid = await scheduleSession(stack, {
    hr: people.hr,
    chief: people.chief,
    examiners: [people.examiner, ...others],
    supervisors: [people.supervisor],
    proctors: [proctor],
    candidates: [people.candidate],
  });
  context = await launchBrowser();
  for (const who of ['chief', 'examiner', 'supervisor', 'candidate'] as const) {
    pages[who] = await openRoomPage(context, stack, people[who], `/room/${sid}`);
  }
}, 90_000);

afterAll(async () => {
  await context?.close();
  await stack?.close();
});

describe('a live interview room in Chromium', () => {
  it('puts the candidate in the waiting room, where the panel cannot be seen', async () => {
    await pages.candidate.getByTestId('waiting-notice').waitFor({ timeout: 20_000 });
    await pages.chief.getByTestId('waiting-queue').getByText('考生赵').waitFor({ timeout: 10_000 });
    // The supervisor already watches the waiting candidate…
    await waitFor(
      async () =>
        (await tiles(pages.supervisor, 'supervised-tile')).some(
          (t) => t.role === 'candidate' && decodedVideo(t),
        ),
      20_000,
      'the supervisor to see the waiting candidate',
    );
    // …while the candidate receives nothing and the panel sees no candidate.
    expect(await tiles(pages.candidate, 'remote-tile')).toEqual([]);
    expect(await tiles(pages.chief, 'candidate-tile')).toEqual([]);
    // Every page got its pass from the api (no pass travelled in a URL).
    const issued = await stack.db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'session.room_token.issue' AND subject = $1`,
      [`session:${sid}`],
    );
    expect(new Set(issued.map((r) => r.actor))).toEqual(
      new Set(
        [people.candidate, people.chief, people.examiner, people.supervisor].map(
          (u) => `user:${u.id}`,
        ),
      ),
    );
    expect(pages.candidate.url()).toBe(`${stack.apiUrl}/room/${sid}`);
  }, 60_000);

  it('acceptance 1: after the call-in the panel decodes the candidate and the candidate decodes the panel', async () => {
    await pages.chief.getByRole('button', { name: '请下一位考生入场' }).click();
    await pages.candidate.getByRole('timer').waitFor({ timeout: 10_000 });
    for (const panelPage of [pages.chief, pages.examiner]) {
      const [candidate] = await waitFor(
        async () => {
          const found = await tiles(panelPage, 'candidate-tile');
          return found.length === 1 && decodedVideo(found[0]) && decodedAudio(found[0]) && found;
        },
        20_000,
        'the panel to decode the candidate',
      );
      expect(candidate).toMatchObject({
        role: 'candidate',
        user: people.candidate.id,
        source: 'camera',
      });
    }
    const panel = await waitFor(
      async () => {
        const found = await tiles(pages.candidate, 'remote-tile');
        return (
          found.length === 2 && found.every((t) => decodedVideo(t) && decodedAudio(t)) && found
        );
      },
      20_000,
      'the candidate to decode the chief and the examiner',
    );
    expect(panel.map((t) => t.role).sort()).toEqual(['chief_examiner', 'examiner']);
  }, 60_000);

  it('acceptance 2: the supervisor receives everyone and is invisible to the candidate', async () => {
    const watched = await waitFor(
      async () => {
        const found = await tiles(pages.supervisor, 'supervised-tile');
        return (
          found.length === 3 && found.every((t) => decodedVideo(t) && decodedAudio(t)) && found
        );
      },
      20_000,
      'the supervisor to decode candidate, chief and examiner',
    );
    expect(watched.map((t) => t.role).sort()).toEqual(['candidate', 'chief_examiner', 'examiner']);
    // Nothing of the supervisor reaches the candidate: no tile, no name anywhere on the page.
    expect((await tiles(pages.candidate, 'remote-tile')).map((t) => t.role)).not.toContain(
      'supervisor',
    );
    expect(await pages.candidate.textContent('body')).not.toContain('监督员王');
    // The panel sees the candidate, not the supervisor, among the media it receives.
    expect((await tiles(pages.chief, 'panel-tile')).map((t) => t.role)).toEqual(['examiner']);
  }, 60_000);

  it('acceptance 4: send back → call in → end turn, all on the session timeline in Postgres', async () => {
    await pages.chief.getByRole('button', { name: '请考生回候考室' }).click();
    await pages.candidate.getByTestId('waiting-notice').waitFor({ timeout: 10_000 });
    await waitFor(
      async () => (await tiles(pages.candidate, 'remote-tile')).length === 0,
      10_000,
      'the panel media to stop',
    );
    await waitFor(
      async () => (await tiles(pages.chief, 'candidate-tile')).length === 0,
      10_000,
      'the candidate to leave the panel view',
    );

    await pages.chief.getByRole('button', { name: '请下一位考生入场' }).click();
    await waitFor(
      async () => (await tiles(pages.chief, 'candidate-tile')).some(decodedVideo),
      20_000,
      'the candidate back in front of the panel',
    );
    await pages.chief.getByRole('button', { name: '结束本轮面试' }).click();
    await pages.candidate.getByTestId('done-notice').waitFor({ timeout: 10_000 });

    const rows = await waitFor(
      async () => {
        const found = await stack.db.query<{
          type: string;
          actor_user_id: string | null;
          payload: Record<string, unknown>;
        }>(
          `SELECT type, actor_user_id, payload FROM session_timeline WHERE session_id = $1 ORDER BY seq`,
          [sid],
        );
        return found.some((r) => r.type === 'turn.ended') && found;
      },
      5000,
      'the timeline',
    );
    const joins = rows.filter((r) => r.type === 'peer.joined');
    // Pages load in any order; each person joined exactly once.
    expect(joins.map((r) => r.payload.role).sort()).toEqual([
      'candidate',
      'chief_examiner',
      'examiner',
      'supervisor',
    ]);
    // Recorders add their own entries; this test follows the candidate's path.
    const flow = rows.filter((r) => r.type !== 'peer.joined' && !r.type.startsWith('recording.'));
    expect(flow.map((r) => [r.type, r.actor_user_id, r.payload.candidateUserId])).toEqual([
      ['candidate.calledIn', people.chief.id, people.candidate.id],
      ['candidate.sentBack', people.chief.id, people.candidate.id],
      ['candidate.calledIn', people.chief.id, people.candidate.id],
      ['turn.ended', people.chief.id, people.candidate.id],
    ]);

    // HR reads the same timeline through the api; a candidate may not.
    const response = await request(stack.api.getHttpServer())
      .get(`/api/sessions/${sid}/timeline`)
      .set('Authorization', `Bearer ${people.hr.accessToken}`)
      .expect(200);
    expect((response.body as { type: string }[]).map((e) => e.type)).toEqual(
      rows.map((r) => r.type),
    );
    await request(stack.api.getHttpServer())
      .get(`/api/sessions/${sid}/timeline`)
      .set('Authorization', `Bearer ${people.candidate.accessToken}`)
      .expect(403);
    await request(stack.api.getHttpServer())
      .get('/api/sessions/not-a-uuid/timeline')
      .set('Authorization', `Bearer ${people.hr.accessToken}`)
      .expect(400);
  }, 60_000);
});
