import type { RoomRole } from '@yunzhao/contracts';
import { bankCommitment, readBankImport, writeBankXlsx } from '@yunzhao/question-bank';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import {
  connectSocket,
  RoomStack,
  signRoomToken,
  startRoomStack,
  waitFor,
} from '../room/room-harness';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN } from '../support/config';
import { login } from '../support/http';
import { secondWaitsOnFirst } from '../support/lock-waits';
import {
  api,
  EXAMPLE_PATH,
  exampleBank,
  hoursFromNow,
  makeApplication,
  makeCampaign,
  makeUser,
  secretTexts,
  TestUser,
} from './fixtures';
import { addCategory as addCategoryTo } from '../support/categories';

/**
 * Acceptance 3, 4 and 5 of issue 6 against the api and a media node in-process: what each
 * person can read (HTTP and socket.io) before and after the draw, sets never reused, and a
 * published record that verify-draw accepts and rejects once tampered with.
 */
let stack: RoomStack;
let http: ReturnType<typeof api>;
let campaignId: string;
const u: Record<string, TestUser> = {};
const sessions: Record<'s1' | 's2' | 's3' | 's4', string> = {} as never;
const sockets: Socket[] = [];
const received = new Map<string, { event: string; payload: unknown }[]>();
const SECRETS = secretTexts();
const repoRoot = path.resolve(__dirname, '..', '..');

const leaks = (value: unknown) => {
  const text = JSON.stringify(value) ?? '';
  return SECRETS.filter((secret) => text.includes(secret));
};

async function joinRoom(name: string, sessionId: string, user: TestUser, role: RoomRole) {
  const token = signRoomToken(stack.config, { sid: sessionId, role, sub: user.id, name });
  const socket = await connectSocket(stack.mediaUrl, { token, sessionId });
  sockets.push(socket);
  const log: { event: string; payload: unknown }[] = [];
  received.set(name, log);
  socket.onAny((event: string, payload: unknown) => log.push({ event, payload }));
  const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
  const reply = await socket.emitWithAck('join', { rtpCapabilities });
  expect(reply.error).toBeUndefined();
  return socket;
}

const eventsOf = (name: string, event: string) =>
  (received.get(name) ?? []).filter((entry) => entry.event === event).map((entry) => entry.payload);

async function schedule(title: string, hours: number, panel: string[], candidates: TestUser[]) {
  const [chief, exA, exB, sup] = panel;
  const applicationIds = [];
  for (const candidate of candidates) {
    applicationIds.push(await makeApplication(stack.db, campaignId, postIds['08'], candidate.id));
  }
  const response = await http
    .post(
      '/sessions',
      {
        campaignId,
        categoryCode: '08',
        title,
        startsAt: hoursFromNow(hours),
        endsAt: hoursFromNow(hours + 1),
        chiefExaminerId: u[chief].id,
        examinerIds: [u[exA].id, u[exB].id],
        supervisorIds: [u[sup].id],
        applicationIds,
      },
      u.hr.token,
    )
    .expect(201);
  return response.body.id as string;
}

let postIds: Record<string, string>;

function verifyDraw(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'verify-draw', '--', file],
      { cwd: repoRoot },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Several app instances share two cores when the suite runs in parallel.
jest.setTimeout(30_000);

beforeAll(async () => {
  stack = await startRoomStack();
  http = api(stack.api);
  const admin = await login(stack.api, TEST_ADMIN.username, TEST_ADMIN.password);
  const people: Record<string, string[]> = {
    qadmin: ['question_admin'],
    hr: ['hr'],
    chief1: ['chief_examiner'],
    exa1: ['examiner'],
    exb1: ['examiner'],
    sup1: ['supervisor'],
    chief2: ['chief_examiner'],
    exa2: ['examiner'],
    exb2: ['examiner'],
    sup2: ['supervisor'],
    cand1: ['candidate'],
    cand1b: ['candidate'],
    cand2: ['candidate'],
    outsider: ['examiner'],
    roaming: ['supervisor'],
  };
  for (const [name, roles] of Object.entries(people)) {
    u[name] = await makeUser(stack.api, admin.accessToken, `qb_${name}`, roles);
  }
  ({ campaignId, posts: postIds } = await makeCampaign(stack.db));
  const panel1 = ['chief1', 'exa1', 'exb1', 'sup1'];
  const panel2 = ['chief2', 'exa2', 'exb2', 'sup2'];
  sessions.s1 = await schedule('第一场', 1, panel1, [u.cand1, u.cand1b]);
  sessions.s2 = await schedule('第二场', 3, panel2, [u.cand2]);
  sessions.s3 = await schedule('第三场', 5, panel2, []);
  sessions.s4 = await schedule('第四场', 7, panel2, []);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stack?.close();
});

describe('question bank: import, encryption at rest, seal', () => {
  it('imports the example JSON and lists sets with metadata only', async () => {
    const response = await http
      .upload(
        `/question-bank/campaigns/${campaignId}/import`,
        readFileSync(EXAMPLE_PATH),
        'bank.json',
        u.qadmin.token,
      )
      .expect(200);
    expect(response.body.sets).toHaveLength(5);
    expect(
      response.body.sets.filter((s: { categoryCode: string }) => s.categoryCode === '08'),
    ).toHaveLength(3);
    expect(response.body.sets[0]).toEqual(
      expect.objectContaining({
        code: expect.any(String),
        title: expect.any(String),
        questionCount: 3,
      }),
    );
    expect(leaks(response.body)).toEqual([]);
    expect(response.body.sealed).toBe(false);
  });

  it('imports the XLSX form too (HR may import), replacing sets by code', async () => {
    const read = readBankImport(exampleBank(), ['08', '02']);
    if (!read.ok) throw new Error('example must be valid');
    const xlsx = await writeBankXlsx(read.bank.sets);
    const response = await http
      .upload(`/question-bank/campaigns/${campaignId}/import`, xlsx, 'bank.xlsx', u.hr.token)
      .expect(200);
    expect(response.body.sets).toHaveLength(5);
    const [audit] = await stack.db.query<{ details: { format: string; replaced: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'question_bank.import' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.details.format).toBe('xlsx');
    expect(audit.details.replaced).toHaveLength(5);
  });

  it('keeps question content encrypted in the database', async () => {
    const rows = await stack.db.query<{ content: Buffer }>('SELECT content FROM question_sets');
    expect(rows).toHaveLength(5);
    const stored = Buffer.concat(rows.map((row) => row.content));
    for (const secret of SECRETS) expect(stored.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    const dump = await stack.db.query('SELECT * FROM question_sets');
    expect(leaks(dump.map((row) => ({ ...row, content: null })))).toEqual([]);
  });

  it('shows full content to question admins only', async () => {
    const { body } = await http
      .get(`/question-bank/campaigns/${campaignId}`, u.qadmin.token)
      .expect(200);
    const setId = body.sets[0].id as string;
    const content = await http.get(`/question-bank/sets/${setId}`, u.qadmin.token).expect(200);
    expect(content.body.questions[0].text).toEqual(expect.any(String));
    expect(content.body.questions[0].guidance.referencePoints.length).toBeGreaterThan(0);
    for (const who of ['hr', 'chief1', 'exa1', 'sup1', 'cand1']) {
      const refused = await http.get(`/question-bank/sets/${setId}`, u[who].token).expect(403);
      expect(leaks(refused.body)).toEqual([]);
    }
    const views = await stack.db.query<{ actor: string; details: { setId: string } }>(
      `SELECT actor, details FROM audit_log WHERE action = 'question_bank.view_set'`,
    );
    expect(views).toEqual([
      { actor: `user:${u.qadmin.id}`, details: expect.objectContaining({ setId }) },
    ]);
  });

  it('seals with the SHA-256 of the canonical content, publishes it, and refuses edits', async () => {
    const read = readBankImport(exampleBank(), ['08', '02']);
    if (!read.ok) throw new Error('example must be valid');
    const expected = bankCommitment(campaignId, read.bank.sets);
    const sealed = await http
      .post(`/question-bank/campaigns/${campaignId}/seal`, {}, u.qadmin.token)
      .expect(200);
    expect(sealed.body).toMatchObject({ sealed: true, commitment: expected });
    const published = await http.get(`/draws/question-banks/${campaignId}`).expect(200);
    expect(published.body).toMatchObject({ sealed: true, commitment: expected });

    const again = await http
      .upload(
        `/question-bank/campaigns/${campaignId}/import`,
        readFileSync(EXAMPLE_PATH),
        'bank.json',
        u.qadmin.token,
      )
      .expect(409);
    expect(again.body.code).toBe('QUESTION_BANK_SEALED');
    expect(again.body.message).toContain('题库已封存');
    const removal = await http
      .delete(`/question-bank/sets/${sealed.body.sets[0].id}`, u.qadmin.token)
      .expect(409);
    expect(removal.body.code).toBe('QUESTION_BANK_SEALED');
    expect(
      (await http.post(`/question-bank/campaigns/${campaignId}/seal`, {}, u.qadmin.token)).status,
    ).toBe(409);
  });

  it('audits unsealing with its reason, and re-sealing gives the same commitment', async () => {
    const before = (await http.get(`/draws/question-banks/${campaignId}`)).body
      .commitment as string;
    await http
      .post(
        `/question-bank/campaigns/${campaignId}/unseal`,
        { reason: '更正第二题错别字' },
        u.qadmin.token,
      )
      .expect(200);
    const [audit] = await stack.db.query<{ actor: string; details: Record<string, string> }>(
      `SELECT actor, details FROM audit_log WHERE action = 'question_bank.unseal'`,
    );
    expect(audit).toEqual({
      actor: `user:${u.qadmin.id}`,
      details: { reason: '更正第二题错别字', previousCommitment: before },
    });
    const resealed = await http
      .post(`/question-bank/campaigns/${campaignId}/seal`, {}, u.hr.token)
      .expect(200);
    expect(resealed.body.commitment).toBe(before);
  });
});

const questionRoutes = () => [
  `/question-bank/campaigns/${campaignId}`,
  `/sessions/${sessions.s1}/questions`,
  `/sessions/${sessions.s1}/question-draw`,
  `/sessions/${sessions.s2}/questions`,
  `/sessions/${sessions.s2}/question-draw`,
  `/draws/sessions/${sessions.s1}`,
  `/draws/sessions/${sessions.s1}?purpose=interview_order`,
  `/draws/question-banks/${campaignId}`,
  `/sessions/${sessions.s1}`,
  `/sessions/${sessions.s1}/order-draw`,
];

async function walkEveryRoute(who: string[]) {
  const { body: bank } = await http.get(`/question-bank/campaigns/${campaignId}`, u.qadmin.token);
  const setRoutes = (bank.sets as { id: string }[]).map((set) => `/question-bank/sets/${set.id}`);
  for (const name of who) {
    for (const route of [...questionRoutes(), ...setRoutes]) {
      const response = await http.get(route, u[name].token);
      expect(response.status).toBeLessThan(500);
      expect({ name, route, leaked: leaks(response.body) }).toEqual({ name, route, leaked: [] });
    }
    const next = await http.post(`/sessions/${sessions.s1}/questions/next`, {}, u[name].token);
    expect({ name, status: next.status, leaked: leaks(next.body) }).toEqual({
      name,
      status: name === 'chief1' ? 409 : 403,
      leaked: [],
    });
  }
}

describe('the per-session draw (acceptance 3 and 4)', () => {
  beforeAll(async () => {
    await joinRoom('cand1', sessions.s1, u.cand1, 'candidate');
    await joinRoom('cand1b', sessions.s1, u.cand1b, 'candidate');
    await joinRoom('exa1', sessions.s1, u.exa1, 'examiner');
    await joinRoom('sup1', sessions.s1, u.sup1, 'supervisor');
    await joinRoom('chief1', sessions.s1, u.chief1, 'chief_examiner');
    await joinRoom('cand2', sessions.s2, u.cand2, 'candidate');
    await joinRoom('exa2', sessions.s2, u.exa2, 'examiner');
  }, 60_000);

  it('before the draw, no route and no event gives question text to anyone in a session', async () => {
    await walkEveryRoute([
      'cand1',
      'cand1b',
      'exa1',
      'chief1',
      'sup1',
      'cand2',
      'exa2',
      'outsider',
      'roaming',
      'hr',
    ]);
    const cand = await http.get(`/sessions/${sessions.s1}/questions`, u.cand1.token).expect(200);
    expect(cand.body).toEqual({
      sessionId: sessions.s1,
      audience: 'candidate',
      drawn: false,
      total: null,
      questions: [],
    });
    const exa = await http.get(`/sessions/${sessions.s1}/questions`, u.exa1.token).expect(200);
    expect(exa.body).toMatchObject({ drawn: false, questions: [], set: null });
    for (const [name, log] of received)
      expect({ name, leaked: leaks(log) }).toEqual({ name, leaked: [] });
  });

  it('publishes the commitment before the draw; the draw needs the supervisor value first', async () => {
    const state = await http
      .get(`/sessions/${sessions.s1}/question-draw`, u.cand1.token)
      .expect(200);
    expect(state.body).toMatchObject({
      drawn: false,
      record: null,
      supervisorValue: null,
      algorithm: 'rfc3797-sha256-v1',
    });
    expect(state.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    const published = await http.get(`/draws/sessions/${sessions.s1}`).expect(200);
    expect(published.body).toEqual({
      algorithm: 'rfc3797-sha256-v1',
      commitment: state.body.commitment,
      purpose: 'question_set',
      sessionId: sessions.s1,
      drawn: false,
    });
    const early = await http
      .post(`/sessions/${sessions.s1}/question-draw`, {}, u.chief1.token)
      .expect(409);
    expect(early.body).toMatchObject({
      code: 'QUESTION_DRAW_NEEDS_SUPERVISOR_VALUE',
      message: '请先由监督员输入抽题随机值，再由主考官抽题',
    });
  });

  it('takes the value only from a supervisor of that session, once', async () => {
    for (const who of ['exa1', 'chief1', 'cand1', 'sup2', 'roaming', 'hr']) {
      await http
        .post(
          `/sessions/${sessions.s1}/question-draw/supervisor-value`,
          { value: '7391' },
          u[who].token,
        )
        .expect(403);
    }
    await http
      .post(
        `/sessions/${sessions.s1}/question-draw/supervisor-value`,
        { value: '7391' },
        u.sup1.token,
      )
      .expect(200);
    const twice = await http
      .post(`/sessions/${sessions.s1}/question-draw/supervisor-value`, { value: '1' }, u.sup1.token)
      .expect(409);
    expect(twice.body.code).toBe('QUESTION_DRAW_SUPERVISOR_VALUE_SET');
  });

  it("lets only the session's chief draw; everyone in the room sees the commitment check", async () => {
    for (const who of ['exa1', 'sup1', 'cand1', 'chief2', 'hr', 'qadmin']) {
      await http.post(`/sessions/${sessions.s1}/question-draw`, {}, u[who].token).expect(403);
    }
    const commitment = (await http.get(`/draws/sessions/${sessions.s1}`)).body.commitment as string;
    const { body } = await http
      .post(`/sessions/${sessions.s1}/question-draw`, {}, u.chief1.token)
      .expect(200);
    expect(body.drawn).toBe(true);
    expect(body.record).toMatchObject({
      commitment,
      count: 1,
      sources: [sessions.s1, expect.any(String), '7391'],
    });
    const bank = (await http.get(`/question-bank/campaigns/${campaignId}`, u.qadmin.token)).body;
    const engIds = (bank.sets as { id: string; categoryCode: string }[])
      .filter((set) => set.categoryCode === '08')
      .map((set) => set.id)
      .sort();
    expect(body.record.items).toEqual(engIds);
    expect(engIds).toContain(body.record.result[0]);
    expect(body.set.id).toBe(body.record.result[0]);

    for (const name of ['cand1', 'cand1b', 'exa1', 'sup1', 'chief1']) {
      const [event] = await waitFor(
        async () => {
          const events = eventsOf(name, 'questionDrawn');
          return events.length > 0 ? events : undefined;
        },
        10_000,
        `questionDrawn at ${name}`,
      );
      expect(event).toMatchObject({
        sessionId: sessions.s1,
        commitment,
        result: body.record.result,
        commitmentMatches: true,
      });
    }
    expect(eventsOf('cand2', 'questionDrawn')).toEqual([]);
    expect(eventsOf('exa2', 'questionDrawn')).toEqual([]);
    for (const [name, log] of received)
      expect({ name, leaked: leaks(log) }).toEqual({ name, leaked: [] });

    const again = await http
      .post(`/sessions/${sessions.s1}/question-draw`, {}, u.chief1.token)
      .expect(409);
    expect(again.body.code).toBe('QUESTION_DRAW_DONE');
    const [audit] = await stack.db.query<{ details: { result: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'question_draw.draw' AND subject = $1`,
      [`session:${sessions.s1}`],
    );
    expect(audit.details.result).toEqual(body.record.result);
    const timeline = await stack.db.query<{ type: string }>(
      `SELECT type FROM session_timeline WHERE session_id = $1 ORDER BY seq`,
      [sessions.s1],
    );
    expect(timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['questions.supervisorValue', 'questions.drawn']),
    );
  });

  it('after the draw: the panel and supervisor see guidance, candidates nothing until shown, other sessions nothing', async () => {
    const drawnSetId = (await http.get(`/sessions/${sessions.s1}/question-draw`, u.exa1.token)).body
      .set.id as string;
    const content = (await http.get(`/question-bank/sets/${drawnSetId}`, u.qadmin.token)).body;
    for (const who of ['exa1', 'chief1', 'sup1']) {
      const { body } = await http
        .get(`/sessions/${sessions.s1}/questions`, u[who].token)
        .expect(200);
      expect(body.drawn).toBe(true);
      expect(body.questions.map((q: { text: string }) => q.text)).toEqual(
        content.questions.map((q: { text: string }) => q.text),
      );
      expect(body.questions[0].guidance).toEqual(content.questions[0].guidance);
    }
    const cand = await http.get(`/sessions/${sessions.s1}/questions`, u.cand1.token).expect(200);
    expect(cand.body).toMatchObject({ drawn: true, total: 3, questions: [] });
    for (const who of ['exa2', 'cand2', 'outsider', 'roaming', 'hr']) {
      const response = await http.get(`/sessions/${sessions.s1}/questions`, u[who].token);
      expect([403, 404]).toContain(response.status);
      expect(leaks(response.body)).toEqual([]);
    }
    const otherSession = await http
      .get(`/sessions/${sessions.s2}/questions`, u.cand2.token)
      .expect(200);
    expect(otherSession.body).toMatchObject({ drawn: false, questions: [] });
  });

  it('shows questions one at a time: text and timer to the candidate, guidance to panel and supervisor', async () => {
    const drawnSetId = (await http.get(`/sessions/${sessions.s1}/question-draw`, u.exa1.token)).body
      .set.id as string;
    const content = (await http.get(`/question-bank/sets/${drawnSetId}`, u.qadmin.token)).body;
    const first = content.questions[0];
    const { body } = await http
      .post(
        `/sessions/${sessions.s1}/questions/next`,
        { candidateUserId: u.cand1.id },
        u.chief1.token,
      )
      .expect(200);
    expect(body).toMatchObject({
      candidateUserId: u.cand1.id,
      index: 0,
      total: 3,
      timeAllowedSeconds: first.timeAllowedSeconds,
    });
    const ends = Date.parse(body.endsAt);
    expect(ends - Date.parse(body.revealedAt)).toBe(first.timeAllowedSeconds * 1000);
    expect(ends - Date.parse(body.warningAt)).toBe(180_000);

    const [forCandidate] = await waitFor(
      async () => {
        const events = eventsOf('cand1', 'questionRevealed');
        return events.length > 0 ? events : undefined;
      },
      10_000,
      'questionRevealed at the candidate',
    );
    expect(forCandidate).toEqual({
      sessionId: sessions.s1,
      candidateUserId: u.cand1.id,
      index: 0,
      total: 3,
      text: first.text,
      timeAllowedSeconds: first.timeAllowedSeconds,
      revealedAt: body.revealedAt,
      endsAt: body.endsAt,
      warningAt: body.warningAt,
    });
    for (const name of ['exa1', 'sup1', 'chief1']) {
      const [event] = await waitFor(
        async () => {
          const events = eventsOf(name, 'questionRevealed');
          return events.length > 0 ? events : undefined;
        },
        10_000,
        `questionRevealed at ${name}`,
      );
      expect(event).toMatchObject({
        text: first.text,
        guidance: first.guidance,
        dimensions: first.dimensions,
      });
    }
    // The waiting candidate and the other session heard nothing.
    expect(eventsOf('cand1b', 'questionRevealed')).toEqual([]);
    expect(leaks(received.get('cand1b'))).toEqual([]);
    expect(leaks(received.get('cand2'))).toEqual([]);
    expect(leaks(received.get('exa2'))).toEqual([]);

    const cand = await http.get(`/sessions/${sessions.s1}/questions`, u.cand1.token).expect(200);
    expect(cand.body.questions).toEqual([
      {
        index: 0,
        total: 3,
        text: first.text,
        timeAllowedSeconds: first.timeAllowedSeconds,
        revealedAt: body.revealedAt,
        endsAt: body.endsAt,
        warningAt: body.warningAt,
      },
    ]);
    expect(leaks(cand.body)).toEqual([first.text]);
    const waiting = await http
      .get(`/sessions/${sessions.s1}/questions`, u.cand1b.token)
      .expect(200);
    expect(waiting.body.questions).toEqual([]);
    const panel = await http.get(`/sessions/${sessions.s1}/questions`, u.exa1.token).expect(200);
    expect(panel.body.reveals).toEqual([
      {
        candidateUserId: u.cand1.id,
        index: 0,
        timeAllowedSeconds: first.timeAllowedSeconds,
        revealedAt: body.revealedAt,
        endsAt: body.endsAt,
        warningAt: body.warningAt,
      },
    ]);
  });

  it('runs out after the last question, and refuses a candidate of another session', async () => {
    await http
      .post(
        `/sessions/${sessions.s1}/questions/next`,
        { candidateUserId: u.cand1.id },
        u.chief1.token,
      )
      .expect(200);
    await http
      .post(
        `/sessions/${sessions.s1}/questions/next`,
        { candidateUserId: u.cand1.id },
        u.chief1.token,
      )
      .expect(200);
    const done = await http
      .post(
        `/sessions/${sessions.s1}/questions/next`,
        { candidateUserId: u.cand1.id },
        u.chief1.token,
      )
      .expect(409);
    expect(done.body.code).toBe('QUESTIONS_ALL_REVEALED');
    await http
      .post(
        `/sessions/${sessions.s1}/questions/next`,
        { candidateUserId: u.cand2.id },
        u.chief1.token,
      )
      .expect(422);
    // Without a name: the next candidate in order with questions left.
    const next = await http
      .post(`/sessions/${sessions.s1}/questions/next`, {}, u.chief1.token)
      .expect(200);
    expect(next.body).toMatchObject({ candidateUserId: u.cand1b.id, index: 0 });
  });

  it('never gives two sessions the same set, and refuses clearly when the sets run out', async () => {
    const results = [(await http.get(`/draws/sessions/${sessions.s1}`)).body.result[0] as string];
    for (const sid of [sessions.s2, sessions.s3]) {
      await http
        .post(
          `/sessions/${sid}/question-draw/supervisor-value`,
          { value: `v-${sid.slice(0, 4)}` },
          u.sup2.token,
        )
        .expect(200);
      const { body } = await http
        .post(`/sessions/${sid}/question-draw`, {}, u.chief2.token)
        .expect(200);
      expect(body.record.items).not.toEqual(expect.arrayContaining(results));
      results.push(body.record.result[0]);
    }
    expect(new Set(results).size).toBe(3);
    await http
      .post(
        `/sessions/${sessions.s4}/question-draw/supervisor-value`,
        { value: 'last' },
        u.sup2.token,
      )
      .expect(200);
    const zh = await http
      .post(`/sessions/${sessions.s4}/question-draw`, {}, u.chief2.token)
      .expect(409);
    expect(zh.body.code).toBe('QUESTION_SETS_EXHAUSTED');
    expect(zh.body.message).toContain('题本已全部用完');
    const en = await http
      .post(`/sessions/${sessions.s4}/question-draw`, {}, u.chief2.token, 'en')
      .expect(409);
    expect(en.body.message).toContain('No unused question set is left');
    expect((await http.get(`/draws/sessions/${sessions.s4}`)).body.drawn).toBe(false);

    // The database itself refuses a second use of a set.
    await expect(
      stack.db.query(
        `INSERT INTO question_set_uses (session_id, question_set_id, campaign_id, category_code, draw_record_id)
         VALUES ($1, $2, $3, '08', gen_random_uuid())`,
        [sessions.s4, results[0], campaignId],
      ),
    ).rejects.toThrow(/question_set_uses_set_once/);

    // A drawn set cannot be replaced or deleted, even after unsealing.
    await http
      .post(`/question-bank/campaigns/${campaignId}/unseal`, { reason: '补充题本' }, u.qadmin.token)
      .expect(200);
    const replace = await http
      .upload(
        `/question-bank/campaigns/${campaignId}/import`,
        readFileSync(EXAMPLE_PATH),
        'bank.json',
        u.qadmin.token,
      )
      .expect(409);
    expect(replace.body.code).toBe('QUESTION_SET_IN_USE');
    expect((await http.delete(`/question-bank/sets/${results[0]}`, u.qadmin.token)).body.code).toBe(
      'QUESTION_SET_IN_USE',
    );
  });
});

describe('the public record verifies with npm run verify-draw (acceptance 5)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yz-draw-'));

  it('exports a record that verifies, and fails once the result or the secret is changed', async () => {
    const { body } = await http.get(`/draws/sessions/${sessions.s1}`).expect(200);
    expect(body).toMatchObject({ algorithm: 'rfc3797-sha256-v1', count: 1, drawn: true });
    const file = path.join(dir, 'record.json');
    writeFileSync(file, JSON.stringify(body));
    const ok = await verifyDraw(file);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('OK');

    const otherItem = (body.items as string[]).find((item) => item !== body.result[0]) as string;
    const tamperedResult = path.join(dir, 'result.json');
    writeFileSync(tamperedResult, JSON.stringify({ ...body, result: [otherItem] }));
    const badResult = await verifyDraw(tamperedResult);
    expect(badResult.code).toBe(1);
    expect(badResult.stderr).toContain('FAILED');

    const tamperedSecret = path.join(dir, 'secret.json');
    const flipped = (body.secret as string).replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(tamperedSecret, JSON.stringify({ ...body, secret: flipped }));
    const badSecret = await verifyDraw(tamperedSecret);
    expect(badSecret.code).toBe(1);
    expect(badSecret.stderr).toContain('FAILED');
  }, 60_000);

  it('serves the interview-order record of the same session on request', async () => {
    const { body } = await http
      .get(`/draws/sessions/${sessions.s1}?purpose=interview_order`)
      .expect(200);
    expect(body).toMatchObject({ purpose: 'interview_order', sessionId: sessions.s1 });
  });
});

describe('the public draw page /draws/:sessionId (Chromium)', () => {
  let context: BrowserContext | undefined;

  afterAll(async () => {
    await context?.close();
  });

  it('checks the commitment and recomputes the result in the browser, and flags a tampered record', async () => {
    context = await launchBrowser();
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/draws/${sessions.s1}`);
    const checks = page.getByTestId('draw-verdict').locator('li');
    await checks.first().waitFor({ timeout: 20_000 });
    expect(
      await checks.evaluateAll((items) => items.map((li) => li.getAttribute('data-ok'))),
    ).toEqual(['true', 'true']);
    await expect(page.getByTestId('draw-record').textContent()).resolves.toContain(sessions.s1);
    expect(leaks(await page.content())).toEqual([]);

    // Someone edits the stored result of session 2: the page says so.
    const [{ items, result }] = await stack.db.query<{ items: string[]; result: string[] }>(
      `SELECT items, result FROM draw_records WHERE purpose = 'question_set' AND subject_id = $1`,
      [sessions.s2],
    );
    const forged = items.find((item) => item !== result[0]) as string;
    await stack.db.query(
      `UPDATE draw_records SET result = $2::jsonb WHERE purpose = 'question_set' AND subject_id = $1`,
      [sessions.s2, JSON.stringify([forged])],
    );
    await page.goto(`${stack.apiUrl}/draws/${sessions.s2}`);
    await checks.first().waitFor({ timeout: 20_000 });
    expect(
      await checks.evaluateAll((items) => items.map((li) => li.getAttribute('data-ok'))),
    ).toEqual(['true', 'false']);
    await expect(checks.nth(1).textContent()).resolves.toContain('结果复算失败');

    // Before a draw: the commitment only.
    await page.goto(`${stack.apiUrl}/draws/${sessions.s4}`);
    await page.getByTestId('draw-commitment').waitFor({ timeout: 20_000 });
    const published = (await http.get(`/draws/sessions/${sessions.s4}`)).body.commitment as string;
    await expect(page.getByTestId('draw-commitment').textContent()).resolves.toBe(published);
  }, 90_000);
});

describe('the category a question set names', () => {
  // A campaign of its own (categories 08 and 02), last in this file: the tests above count every
  // stored set.
  let ownCampaignId: string;
  const importInto = (bank: object) =>
    Promise.resolve(
      http.upload(
        `/question-bank/campaigns/${ownCampaignId}/import`,
        Buffer.from(JSON.stringify(bank)),
        'bank.json',
        u.qadmin.token,
      ),
    );
  /** One set of the example, under its own code and the given category. */
  const oneSet = (code: string, categoryCode: string) => ({
    sets: [{ ...exampleBank().sets[0], code, categoryCode }],
  });
  const setsWith = async (code: string) =>
    (
      await stack.db.query(
        'SELECT 1 FROM question_sets WHERE campaign_id = $1 AND category_code = $2',
        [ownCampaignId, code],
      )
    ).length;
  const addCategory = (code: string) => addCategoryTo(stack.db, ownCampaignId, code);
  const removeCategory = (categoryId: string) =>
    Promise.resolve(
      http.delete(`/campaigns/${ownCampaignId}/categories/${categoryId}`, u.hr.token),
    );

  beforeAll(async () => {
    ({ campaignId: ownCampaignId } = await makeCampaign(stack.db));
  });

  it('an import is refused whole when a set names a category the campaign does not have', async () => {
    const bank = exampleBank();
    bank.sets[1].categoryCode = '07';
    const refused = await importInto(bank);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'QUESTION_IMPORT_INVALID',
      details: { problems: [{ path: '$.sets[1].categoryCode', problem: 'unknown_category' }] },
    });
    expect(
      await stack.db.query('SELECT 1 FROM question_sets WHERE campaign_id = $1', [ownCampaignId]),
    ).toEqual([]);

    const accepted = await importInto(exampleBank());
    expect(accepted.status).toBe(200);
    expect(accepted.body.sets).toHaveLength(5);
  });

  it('a deletion that comes while sets are being imported for the category waits, then refuses', async () => {
    const categoryId = await addCategory('07');
    const [imported, refused] = await secondWaitsOnFirst(
      stack.db,
      () => importInto(oneSet('RACE-07', '07')),
      () => removeCategory(categoryId),
    );
    expect(imported.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'IN_USE', details: { questionSets: 1 } });
    expect(await setsWith('07')).toBe(1);
  });

  it('an import that comes while its category is being deleted waits, then finds no category', async () => {
    const categoryId = await addCategory('03');
    const [deleted, refused] = await secondWaitsOnFirst(
      stack.db,
      () => removeCategory(categoryId),
      () => importInto(oneSet('RACE-03', '03')),
    );
    expect(deleted.status).toBe(204);
    expect(refused.status).toBe(422);
    expect(refused.body.details.problems).toEqual([
      { path: '$.sets[0].categoryCode', problem: 'unknown_category' },
    ]);
    expect(await setsWith('03')).toBe(0);
  });
});
