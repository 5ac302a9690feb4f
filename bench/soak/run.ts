/**
 * Soak run (issue 10, "Load"): registrations, live rooms and scoring together against the real
 * api and media node for a bounded time, with the memory and handles of both processes sampled.
 *
 *   npm run bench:soak                      10 minutes (the figure)
 *   npm run bench:soak -- --minutes 1       any length; SOAK_MINUTES=1 does the same
 *
 * The api and the media node run as production runs them (their own processes, started as
 * bench/scoring does) on a throwaway database and Redis key prefix, loopback only. Preloaded into
 * both, bench/soak/probe.ts reports process.memoryUsage() (after a forced GC: --expose-gc) and the
 * count of active libuv resources every SOAK_SAMPLE_SECONDS; the run adds VmRSS and the count of
 * open file descriptors from /proc. The first 20% of the run is warm-up; growth compares the
 * median of the first and last 15% of the remaining samples (bench/soak/growth.ts).
 *
 * Load, all at once for the whole run:
 * - SOAK_REGISTRARS (2) candidates at a time go through registration as the web app does it:
 *   register, log in, save the profile, add a degree, apply to a post, list their applications.
 * - SOAK_ROOMS (3) interview rooms live at a time. Each room (session, panel and candidates
 *   written into the tables, as bench/scoring does) gets its 7 staff on the media node's
 *   socket.io signaling (room token, router capabilities, join); then for each of
 *   SOAK_CANDIDATES (3) candidates: the candidate joins, the chief and 4 examiners submit their
 *   marks through the api, the chief publishes, all 8 clients must get `scorePublished`, the
 *   candidate leaves. Then the staff leave and a new room starts. No RTP media flows (a Node
 *   client cannot do ICE/DTLS cheaply; bench/sfu covers media load).
 * - SOAK_PAUSE_MS (200) between steps of each loop keeps the load steady rather than flat out.
 *
 * Errors are counted, never retried away: any non-2xx where a 2xx is expected, a refused socket
 * connection or join, an unexpected disconnect, a publication some client never received.
 *
 * The last line is one JSON object: minutes, registrations, rooms, publications, errors,
 * rss_start_mb, rss_end_mb, rss_growth_pct, heap_start_mb, heap_end_mb, heap_growth_pct,
 * handles_start, handles_end, fds_start, fds_end, per-process figures, and ok (no error, RSS
 * and heap within 10% after warm-up, handles within 10% plus the connections the load can hold
 * open at one instant).
 */
import { JwtService } from '@nestjs/jwt';
import { idNumberCheckCharacter } from '@yunzhao/domain';
import { RoomRole } from '@yunzhao/contracts';
import { DEMO_RUBRIC } from '@yunzhao/scoring';
import Redis from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { io, Socket } from 'socket.io-client';
import { benchRoomToken } from '../shared/room-token';
import { freePort, startApp, stopApp, withAdminClient } from '../shared/processes';
import {
  afterWarmup,
  growthPct,
  levels,
  parseMinutes,
  round,
  Sample,
  sumSamples,
  verdict,
} from './growth';

const MINUTES = parseMinutes(process.argv.slice(2), process.env.SOAK_MINUTES);
const RUN_MS = MINUTES * 60_000;
const REGISTRARS = Number(process.env.SOAK_REGISTRARS ?? 2);
const ROOMS = Number(process.env.SOAK_ROOMS ?? 3);
const CANDIDATES = Number(process.env.SOAK_CANDIDATES ?? 3);
const PAUSE_MS = Number(process.env.SOAK_PAUSE_MS ?? 200);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 3) * 1000;
const RECEIPT_DEADLINE_MS = 15_000;
const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'soak-candidate-pass';
const STAFF: RoomRole[] = [
  'chief_examiner',
  'examiner',
  'examiner',
  'examiner',
  'examiner',
  'score_clerk',
  'supervisor',
];
const MARKERS = 5; // the chief and the 4 examiners
const MARKS = {
  analysis: 14,
  expression: 14,
  adaptability: 11,
  planning: 11,
  interpersonal: 10,
  emotionalControl: 8,
  motivation: 5.5,
  bearing: 6.5,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const counts = { registrations: 0, rooms: 0, publications: 0, errors: 0 };
const errorKinds = new Map<string, number>();

/** Counts an error honestly; the first few of each kind are printed. */
function fail(kind: string, detail: string): void {
  counts.errors++;
  const seen = (errorKinds.get(kind) ?? 0) + 1;
  errorKinds.set(kind, seen);
  if (seen <= 3) console.error(`error [${kind}] ${detail.slice(0, 300)}`);
}

class Expected extends Error {}

/** A request that must answer 2xx; anything else is an error of `kind`. */
async function http<T = unknown>(
  kind: string,
  url: string,
  init: { method: string; token?: string; body?: unknown },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    fail(kind, `${init.method} ${url}: ${(error as Error).message}`);
    throw new Expected();
  }
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    fail(kind, `${init.method} ${new URL(url).pathname}: ${response.status} ${text}`);
    throw new Expected();
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

const admin = <T>(work: (client: Client) => Promise<T>) => withAdminClient(SERVER_URL, work);
const SOAK_NODE_ARGS = ['--expose-gc', '-r', './bench/soak/probe.ts'];

/** One reading of a child: /proc for RSS and descriptors, its probe for heap and handles. */
function readProcess(child: ChildProcess, probeFile: string, t: number): Sample | null {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const fds = fs.readdirSync(`/proc/${child.pid}/fd`).length;
    const lines = fs.readFileSync(probeFile, 'utf8').trim().split('\n');
    const probe = JSON.parse(lines[lines.length - 1]) as { heapUsed: number; handles: number };
    return {
      t,
      rssMb: rssKb / 1024,
      heapMb: probe.heapUsed / 2 ** 20,
      handles: probe.handles,
      fds,
    };
  } catch {
    return null;
  }
}

/** A valid GB 11643 identity number, different for every `n`. */
function idNumber(n: number): string {
  const first17 = `371502199${n % 10}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

interface Fixture {
  postId: string;
  scoringCampaignId: string;
}

async function seedFixture(db: Pool): Promise<Fixture> {
  const q = async (sql: string, params: unknown[] = []) =>
    (await db.query<Record<string, string>>(sql, params)).rows;
  // Registration: one campaign open for the whole run, a post for PhDs in engineering.
  const [open] = await q(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ('soak registration', now() - interval '1 day', now() + interval '2 days', 'open', $1) RETURNING id`,
    [JSON.stringify({ anyOf: [{ degree: 'phd' }] })],
  );
  const [category] = await q(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en) VALUES ($1, '08', '工学', 'Engineering') RETURNING id`,
    [open.id],
  );
  const [post] = await q(
    `INSERT INTO posts (campaign_id, category_id, code, title, quota, degree_levels, disciplines)
     VALUES ($1, $2, 'P-1', '工学岗位', 100000, '{phd}', '{08}') RETURNING id`,
    [open.id, category.id],
  );
  // Interviews: a campaign whose registration is closed, with the demo rubric.
  const [closed] = await q(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ('soak interviews', now() - interval '2 days', now() - interval '1 day', 'closed', '{}') RETURNING id`,
  );
  // Its sessions name category 08 (seedRoom): the campaign has it, as the api requires.
  await q(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en) VALUES ($1, '08', '工学', 'Engineering')`,
    [closed.id],
  );
  await q(
    `INSERT INTO scoring_rubrics (campaign_id, category_code, dimensions) VALUES ($1, '*', $2)`,
    [closed.id, JSON.stringify(DEMO_RUBRIC)],
  );
  return { postId: post.id, scoringCampaignId: closed.id };
}

interface RoomPlan {
  sessionId: string;
  staff: { id: string; role: RoomRole }[];
  candidates: string[];
}

/** A session with its panel and candidates, written straight into the tables (as bench/scoring). */
async function seedRoom(db: Pool, campaignId: string, n: number, tag: string): Promise<RoomPlan> {
  const q = async (sql: string, params: unknown[] = []) =>
    (await db.query<Record<string, string>>(sql, params)).rows;
  const [session] = await q(
    `INSERT INTO interview_sessions (campaign_id, category_code, title, starts_at, ends_at)
     VALUES ($1, '08', $2, now() - interval '5 minutes', now() + interval '1 day') RETURNING id`,
    [campaignId, `soak room ${n}`],
  );
  const plan: RoomPlan = { sessionId: session.id, staff: [], candidates: [] };
  for (const [index, role] of STAFF.entries()) {
    const [user] = await q(
      `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', $2) RETURNING id`,
      [`soak-${tag}-r${n}s${index}`, [role]],
    );
    await q(`INSERT INTO session_participants (session_id, user_id, role) VALUES ($1, $2, $3)`, [
      session.id,
      user.id,
      role,
    ]);
    plan.staff.push({ id: user.id, role });
  }
  for (let c = 0; c < CANDIDATES; c++) {
    const [user] = await q(
      `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', '{candidate}') RETURNING id`,
      [`soak-${tag}-r${n}c${c}`],
    );
    await q(
      `INSERT INTO session_slots (session_id, campaign_id, application_id, candidate_id, position)
       VALUES ($1, $2, $3, $4, $5)`,
      [session.id, campaignId, randomUUID(), user.id, c + 1],
    );
    plan.candidates.push(user.id);
  }
  return plan;
}

class Soak {
  private readonly jwt: JwtService;
  private readonly deadline: number;
  private readonly tag = randomBytes(3).toString('hex');
  private nextRoom = 0;
  private nextCandidate = 0;

  constructor(
    jwtSecret: string,
    private readonly db: Pool,
    private readonly fixture: Fixture,
    private readonly apiUrl: string,
    private readonly mediaUrl: string,
    started: number,
  ) {
    this.jwt = new JwtService({ secret: jwtSecret });
    this.deadline = started + RUN_MS;
  }

  private get running() {
    return Date.now() < this.deadline;
  }

  /** One candidate through registration, as the web app does it. */
  async registrar(): Promise<void> {
    while (this.running) {
      const n = ++this.nextCandidate;
      const account = `soak-${this.tag}-${n}@example.com`;
      const api = `${this.apiUrl}/api`;
      try {
        await http('register', `${api}/registration`, {
          method: 'POST',
          body: { account, password: PASSWORD },
        });
        const session = await http<{ accessToken: string }>('login', `${api}/auth/login`, {
          method: 'POST',
          body: { username: account, password: PASSWORD },
        });
        const token = session.accessToken;
        await http('profile', `${api}/profile`, {
          method: 'PUT',
          token,
          body: { fullName: `考生${n}`, idNumber: idNumber(n), email: account },
        });
        await http('education', `${api}/profile/education`, {
          method: 'POST',
          token,
          body: {
            degree: 'phd',
            universityName: '山东大学',
            disciplineCode: '0812',
            graduationDate: '2022-06-30',
          },
        });
        await http('apply', `${api}/applications`, {
          method: 'POST',
          token,
          body: { postId: this.fixture.postId },
        });
        await http('applications', `${api}/applications`, { method: 'GET', token });
        counts.registrations++;
      } catch (error) {
        if (!(error instanceof Expected)) fail('registration', String(error));
      }
      await sleep(PAUSE_MS);
    }
  }

  private accessToken(id: string, role: string): string {
    return this.jwt.sign(
      { sub: id, username: `soak-${id}`, roles: [role], typ: 'access' },
      { issuer: 'yunzhao', expiresIn: 3600 },
    );
  }

  /** Connects and joins the room; counts every failure and every unexpected disconnect. */
  private async join(
    plan: RoomPlan,
    person: { id: string; role: RoomRole },
    received: Map<string, number>,
  ): Promise<Socket> {
    const socket = io(this.mediaUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { token: benchRoomToken(this.jwt, plan.sessionId, person), sessionId: plan.sessionId },
    });
    socket.on('scorePublished', (event: { candidateUserId: string }) =>
      received.set(event.candidateUserId, (received.get(event.candidateUserId) ?? 0) + 1),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const { rtpCapabilities } = (await socket
        .timeout(30_000)
        .emitWithAck('getRouterRtpCapabilities', {})) as { rtpCapabilities: unknown };
      const reply = (await socket.timeout(30_000).emitWithAck('join', { rtpCapabilities })) as {
        error?: unknown;
      };
      if (reply?.error) throw new Error(`join refused: ${JSON.stringify(reply.error)}`);
    } catch (error) {
      socket.close();
      fail('join', `${person.role}: ${(error as Error).message}`);
      throw new Expected();
    }
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') fail('disconnect', `${person.role}: ${reason}`);
    });
    return socket;
  }

  /** Rooms one after another: staff join, candidates are marked and published, all leave. */
  async rooms(): Promise<void> {
    while (this.running) {
      const n = ++this.nextRoom;
      const sockets: Socket[] = [];
      try {
        const plan = await seedRoom(this.db, this.fixture.scoringCampaignId, n, this.tag);
        const received = new Map<string, number>();
        for (const person of plan.staff) sockets.push(await this.join(plan, person, received));
        const chief = plan.staff[0];
        const markers = plan.staff.slice(0, MARKERS);
        for (const candidateId of plan.candidates) {
          if (!this.running) break;
          const candidate = await this.join(plan, { id: candidateId, role: 'candidate' }, received);
          const base = `${this.apiUrl}/api/scoring/sessions/${plan.sessionId}/candidates/${candidateId}`;
          try {
            for (const marker of markers)
              await http('marks', `${base}/marks/mine/submit`, {
                method: 'POST',
                token: this.accessToken(marker.id, marker.role),
                body: { marks: MARKS },
              });
            await http('publish', `${base}/publish`, {
              method: 'POST',
              token: this.accessToken(chief.id, chief.role),
            });
            const until = Date.now() + RECEIPT_DEADLINE_MS;
            while ((received.get(candidateId) ?? 0) < STAFF.length + 1 && Date.now() < until)
              await sleep(20);
            const got = received.get(candidateId) ?? 0;
            if (got < STAFF.length + 1) fail('broadcast', `${got}/${STAFF.length + 1} received`);
            else counts.publications++;
          } finally {
            candidate.close();
          }
          await sleep(PAUSE_MS);
        }
        counts.rooms++;
      } catch (error) {
        if (!(error instanceof Expected)) fail('room', String(error));
      } finally {
        for (const socket of sockets) socket.close();
      }
      await sleep(PAUSE_MS);
    }
  }
}

async function main() {
  const dbName = `yunzhao_soak_${randomBytes(5).toString('hex')}`;
  const keyPrefix = `yzsoak:${randomBytes(4).toString('hex')}`;
  const jwtSecret = randomBytes(32).toString('hex');
  const scratch = fs.mkdtempSync(path.join(tmpdir(), 'yunzhao-soak-'));
  await admin((client) => client.query(`CREATE DATABASE ${dbName}`));
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const [apiPort, mediaPort] = [await freePort(), await freePort()];
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
    JWT_SECRET: jwtSecret,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    SEED_DEMO: 'false',
    PORT: String(apiPort),
    MEDIA_PORT: String(mediaPort),
    MEDIA_WORKERS: '1',
    MEDIA_PEER_GRACE_SECONDS: '2',
    MEDIA_ROOM_GRACE_SECONDS: '2',
    REGISTRATION_MAX_PER_IP: '100000',
    STORAGE_DIR: path.join(scratch, 'storage'),
    RECORDING_DIR: path.join(scratch, 'recordings'),
    NOTIFICATIONS_DIR: path.join(scratch, 'mail'),
    SOAK_PROBE_MS: String(SAMPLE_MS),
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const mediaUrl = `http://127.0.0.1:${mediaPort}`;
  const probes = { api: path.join(scratch, 'api.jsonl'), media: path.join(scratch, 'media.jsonl') };
  let api: ChildProcess | undefined;
  let media: ChildProcess | undefined;
  let db: Pool | undefined;
  // Bounded: the run, plus start-up and shutdown.
  const watchdog = setTimeout(
    () => {
      console.error('soak took too long; giving up');
      api?.kill('SIGKILL');
      media?.kill('SIGKILL');
      process.exit(2);
    },
    RUN_MS + 5 * 60_000,
  );
  try {
    api = await startApp(
      'apps/api/src/main.ts',
      { ...env, SOAK_PROBE_FILE: probes.api },
      `${apiUrl}/api/health`,
      { nodeArgs: SOAK_NODE_ARGS, timeoutMs: 90_000 },
    );
    media = await startApp(
      'apps/media/src/main.ts',
      { ...env, SOAK_PROBE_FILE: probes.media },
      `${mediaUrl}/health`,
      { nodeArgs: SOAK_NODE_ARGS, timeoutMs: 90_000 },
    );
    for (const [name, child] of [
      ['api', api],
      ['media', media],
    ] as const)
      child.once('exit', (code, signal) => fail('crash', `${name} exited (${code ?? signal})`));
    // One connection per room loop: rooms are seeded while the others run.
    db = new Pool({ connectionString: dbUrl.toString(), max: ROOMS + 1 });
    const fixture = await seedFixture(db);
    // Let the first probe lines land.
    await sleep(SAMPLE_MS + 500);

    const runStart = Date.now();
    const series: Record<'api' | 'media' | 'total', Sample[]> = { api: [], media: [], total: [] };
    const sample = () => {
      const t = Date.now() - runStart;
      if (t > RUN_MS) return; // the loops are winding down: no longer the steady load
      const parts = [
        ['api', readProcess(api as ChildProcess, probes.api, t)],
        ['media', readProcess(media as ChildProcess, probes.media, t)],
      ] as const;
      if (parts.some(([, s]) => s === null)) return;
      for (const [name, s] of parts) series[name].push(s as Sample);
      series.total.push(sumSamples(parts.map(([, s]) => s as Sample)));
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const progress = setInterval(
      () =>
        console.error(
          `${round((Date.now() - runStart) / 60_000, 1)} min: ${JSON.stringify(counts)}, ` +
            `rss ${round(series.total[series.total.length - 1]?.rssMb ?? 0, 1)} MB`,
        ),
      30_000,
    );
    const soak = new Soak(jwtSecret, db, fixture, apiUrl, mediaUrl, runStart);
    await Promise.all([
      ...Array.from({ length: REGISTRARS }, () => soak.registrar()),
      ...Array.from({ length: ROOMS }, () => soak.rooms()),
    ]);
    // No sample after the load stops: the end level is measured under load, like the start.
    clearInterval(sampler);
    clearInterval(progress);
    const runMs = Date.now() - runStart;

    const figures = (samples: Sample[]) => {
      const steady = afterWarmup(samples, runMs);
      const rss = levels(steady, 'rssMb');
      const heap = levels(steady, 'heapMb');
      const handles = levels(steady, 'handles');
      const fds = levels(steady, 'fds');
      return { steady, rss, heap, handles, fds };
    };
    const total = figures(series.total);
    const perProcess = Object.fromEntries(
      (['api', 'media'] as const).map((name) => {
        const f = figures(series[name]);
        return [
          name,
          {
            rss_start_mb: round(f.rss.start, 1),
            rss_end_mb: round(f.rss.end, 1),
            rss_growth_pct: round(growthPct(f.rss.start, f.rss.end)),
            heap_start_mb: round(f.heap.start, 1),
            heap_end_mb: round(f.heap.end, 1),
            heap_growth_pct: round(growthPct(f.heap.start, f.heap.end)),
            handles_start: f.handles.start,
            handles_end: f.handles.end,
            fds_start: f.fds.start,
            fds_end: f.fds.end,
          },
        ];
      }),
    );
    const rssGrowth = growthPct(total.rss.start, total.rss.end);
    const heapGrowth = growthPct(total.heap.start, total.heap.end);
    // Handles legitimately in flight at a tick: every room's sockets, each registrar's request.
    const inFlight = ROOMS * (STAFF.length + 1) + REGISTRARS * 2;
    const result = verdict(
      {
        errors: counts.errors,
        rssGrowthPct: rssGrowth,
        heapGrowthPct: heapGrowth,
        handlesStart: total.handles.start,
        handlesEnd: total.handles.end,
      },
      10,
      inFlight,
    );
    if (!result.ok) console.error(`not ok: ${result.reasons.join('; ')}`);
    console.log(
      JSON.stringify({
        bench: 'soak',
        minutes: round(runMs / 60_000),
        registrations: counts.registrations,
        rooms: counts.rooms,
        publications: counts.publications,
        errors: counts.errors,
        error_kinds: Object.fromEntries(errorKinds),
        samples: series.total.length,
        steady_samples: total.steady.length,
        rss_start_mb: round(total.rss.start, 1),
        rss_end_mb: round(total.rss.end, 1),
        rss_growth_pct: round(rssGrowth),
        heap_start_mb: round(total.heap.start, 1),
        heap_end_mb: round(total.heap.end, 1),
        heap_growth_pct: round(heapGrowth),
        handles_start: total.handles.start,
        handles_end: total.handles.end,
        fds_start: total.fds.start,
        fds_end: total.fds.end,
        per_process: perProcess,
        shape: { registrars: REGISTRARS, rooms: ROOMS, candidates: CANDIDATES, pause_ms: PAUSE_MS },
        load_average_1m: round(loadavg()[0]),
        ok: result.ok,
      }),
    );
  } finally {
    clearTimeout(watchdog);
    api?.removeAllListeners('exit');
    media?.removeAllListeners('exit');
    await db?.end();
    await stopApp(media);
    await stopApp(api);
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
