import type { ListenState, ScorePublishedEvent } from '@yunzhao/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { io, Socket } from 'socket.io-client';
import { launchBrowser } from '../support/browser';
import { api, makeScoringWorld, marksFor, ScoringWorld, TestUser } from '../scoring/fixtures';
import { RoomStack, startRoomStack, waitFor } from '../room/room-harness';

/**
 * The scoring console's live feed (issue 7) is a listen-only connection: it
 * gets its pass from the api with the user's session (no pass in the URL),
 * hears the published score, and is no peer: it cannot produce or run the
 * room, and never takes over the chief's own room connection.
 */
let stack: RoomStack;
let context: BrowserContext;
let world: ScoringWorld;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Recording is another part's concern (and its own tests); these rooms need none.
  stack = await startRoomStack({ RECORDING_ENABLED: 'false' });
  world = await makeScoringWorld(stack.api, stack.db, 1);
  context = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await context?.close();
  await stack?.close();
});

async function openPage(user: TestUser, path: string): Promise<Page> {
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
  await page.goto(`${stack.apiUrl}${path}`);
  return page;
}

/** A listen-only socket with a room pass the api issued to `user`. */
async function listenSocket(user: TestUser, before?: (socket: Socket) => void): Promise<Socket> {
  const pass = await api(stack.api)
    .post(`/sessions/${world.sessionId}/room-token`, { device: 'main' }, user.token)
    .expect(200);
  const socket = io(stack.mediaUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: {
      token: (pass.body as { token: string }).token,
      sessionId: world.sessionId,
      mode: 'listen',
    },
  });
  sockets.push(socket);
  before?.(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

const errorOf = (reply: unknown) =>
  (reply as { error?: { code: string; details?: unknown } }).error;

it('the console hears the published score on a listen-only connection while the chief’s room page stays connected', async () => {
  const { panel, sessionId } = world;
  const [candidate] = panel.candidates;
  const roomPage = await openPage(panel.chief, `/room/${sessionId}`);
  await roomPage
    .locator('[data-testid="room-status"][data-status="joined"]')
    .waitFor({ timeout: 20_000 });
  const consolePage = await openPage(panel.chief, `/scoring/${sessionId}`);
  await consolePage.waitForSelector('[data-testid="score-feed"][data-status="joined"]', {
    timeout: 20_000,
  });
  // No pass travelled in the console's URL: it asked the api, with the chief's session.
  expect(consolePage.url()).not.toContain('#');

  // A listen-only socket of the chief: no peer, so nothing it sends is accepted.
  const listener = await listenSocket(panel.chief);
  const published: ScorePublishedEvent[] = [];
  listener.on('scorePublished', (event: ScorePublishedEvent) => published.push(event));
  for (const [event, payload] of [
    ['getRouterRtpCapabilities', {}],
    ['join', { rtpCapabilities: {} }],
    ['createTransport', { direction: 'send' }],
    ['produce', { transportId: 'x', kind: 'video', rtpParameters: {}, source: 'camera' }],
    ['callIn', {}],
    ['endTurn', {}],
  ] as const) {
    const error = errorOf(await listener.emitWithAck(event, payload));
    expect([event, error?.code, error?.details]).toEqual([
      event,
      'FORBIDDEN',
      expect.objectContaining({ event, mode: 'listen' }),
    ]);
  }
  // A staff listener follows the turn state (nobody called in yet).
  const turnStates: ListenState[] = [];
  await listenSocket(panel.examiners[0], (socket) =>
    socket.on('listenState', (state: ListenState) => turnStates.push(state)),
  );
  await waitFor(() => turnStates.length > 0, 5000, 'the turn state', 50);
  expect(turnStates[0]).toEqual({ sessionId, turn: null });

  // Five marks through the api, then the chief publishes.
  const http = api(stack.api);
  for (const [index, examiner] of [panel.chief, ...panel.examiners].entries()) {
    await http
      .post(
        `/scoring/sessions/${sessionId}/candidates/${candidate.id}/marks/mine/submit`,
        { marks: marksFor([85, 88, 90.5, 79, 92][index]) },
        examiner.token,
      )
      .expect(200);
  }
  await http
    .post(
      `/scoring/sessions/${sessionId}/candidates/${candidate.id}/publish`,
      {},
      panel.chief.token,
    )
    .expect(201);

  const heard = await consolePage.waitForSelector('[data-testid="score-published"]', {
    timeout: 15_000,
  });
  expect(await heard.getAttribute('data-score')).toBe('87.83');
  await waitFor(() => published.length > 0, 15_000, 'the listen socket to hear the score', 50);
  expect(published[0]).toMatchObject({ sessionId, finalScore: 87.83, forCandidate: false });
  // The room page heard it on its own connection, and was never taken over.
  await roomPage.waitForSelector('[data-testid="score-published"]', { timeout: 15_000 });
  expect(await roomPage.getByTestId('room-status').getAttribute('data-status')).toBe('joined');
  const joins = await stack.db.query<{ count: string }>(
    `SELECT count(*) FROM session_timeline WHERE session_id = $1 AND type = 'peer.joined' AND actor_user_id = $2`,
    [sessionId, panel.chief.id],
  );
  expect(Number(joins[0].count)).toBe(1);
  // The refusals are on the record.
  const refused = await stack.db.query<{ count: string }>(
    `SELECT count(*) FROM session_timeline WHERE session_id = $1 AND type = 'message.refused' AND actor_user_id = $2`,
    [sessionId, panel.chief.id],
  );
  expect(Number(refused[0].count)).toBeGreaterThanOrEqual(6);
}, 120_000);
