/**
 * Live-scoring latency (issue 7, acceptance 2): 50 rooms of 8 socket.io clients on a media node
 * (7 staff and the candidate being interviewed: each round the next candidate takes the
 * candidate's place, as in the room); time from the chief's publish API call to the moment the
 * last of the room's 8 clients has the score. In the same run, a bare socket.io server with the
 * Redis adapter broadcasts the same shape (to the candidate's channel, and to the room except
 * its candidates) through the Redis emitter: the baseline. Loopback only; drops its database and
 * Redis keys at the end.
 *
 *   npm run bench:scoring            (ROOMS=50 ROUNDS=4 SPREAD_MS=2000 to change the shape)
 *
 * WARMUP_ROUNDS (default 1) extra rounds go first, for the platform and the baseline alike, and
 * are not measured: the first publications in a fresh api process pay for JIT compilation and
 * lazily built metadata, which a running platform has long paid.
 *
 * Last line: one JSON object with p50_ms, p99_ms, baseline_p50_ms, baseline_p99_ms, ….
 */
import { JwtService } from '@nestjs/jwt';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import { roomChannels, RoomRole } from '@yunzhao/contracts';
import { DEMO_RUBRIC } from '@yunzhao/scoring';
import Redis from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freePort, startApp, stopApp, withAdminClient } from '../shared/processes';
import { benchRoomToken } from '../shared/room-token';
import { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';

const ROOMS = Number(process.env.ROOMS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const WARMUP_ROUNDS = Number(process.env.WARMUP_ROUNDS ?? 1);
const TOTAL_ROUNDS = WARMUP_ROUNDS + ROUNDS;
const SPREAD_MS = Number(process.env.SPREAD_MS ?? 2000);
const DEADLINE_MS = 5000;
const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STAFF: RoomRole[] = [
  'chief_examiner',
  'examiner',
  'examiner',
  'examiner',
  'examiner',
  'score_clerk',
  'supervisor',
];
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

interface RoomPlan {
  sessionId: string;
  staff: { id: string; role: RoomRole }[];
  candidates: string[];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round2 = (value: number) => Math.round(value * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const admin = <T>(work: (client: Client) => Promise<T>) => withAdminClient(SERVER_URL, work);

/** Every room's people, sessions, slots and submitted sheets, written straight into the tables. */
async function seed(db: Client): Promise<RoomPlan[]> {
  const q = async (sql: string, params: unknown[] = []) =>
    (await db.query<Record<string, string>>(sql, params)).rows;
  const [campaign] = await q(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ('bench', now() - interval '2 days', now() - interval '1 day', 'closed', '{}') RETURNING id`,
  );
  // The sessions below name category 08: the campaign has it, as the api requires.
  await q(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en) VALUES ($1, '08', '工学', 'Engineering')`,
    [campaign.id],
  );
  await q(
    `INSERT INTO scoring_rubrics (campaign_id, category_code, dimensions) VALUES ($1, '*', $2)`,
    [campaign.id, JSON.stringify(DEMO_RUBRIC)],
  );
  const plans: RoomPlan[] = [];
  for (let room = 0; room < ROOMS; room++) {
    const [session] = await q(
      `INSERT INTO interview_sessions (campaign_id, category_code, title, starts_at, ends_at)
       VALUES ($1, '08', $2, now() - interval '5 minutes', now() + interval '2 hours') RETURNING id`,
      [campaign.id, `bench room ${room + 1}`],
    );
    const plan: RoomPlan = { sessionId: session.id, staff: [], candidates: [] };
    for (const [index, role] of STAFF.entries()) {
      const [user] = await q(
        `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', $2) RETURNING id`,
        [`r${room}s${index}`, [role]],
      );
      await q(`INSERT INTO session_participants (session_id, user_id, role) VALUES ($1, $2, $3)`, [
        session.id,
        user.id,
        role,
      ]);
      plan.staff.push({ id: user.id, role });
    }
    for (let round = 0; round < TOTAL_ROUNDS; round++) {
      const [user] = await q(
        `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', '{candidate}') RETURNING id`,
        [`r${room}c${round}`],
      );
      await q(
        `INSERT INTO session_slots (session_id, campaign_id, application_id, candidate_id, position)
         VALUES ($1, $2, $3, $4, $5)`,
        [session.id, campaign.id, randomUUID(), user.id, round + 1],
      );
      plan.candidates.push(user.id);
    }
    // Every marker has submitted for every candidate: the benchmark measures publication.
    await q(
      `INSERT INTO score_sheets (session_id, candidate_id, examiner_id, rubric_id, marks, status, submitted_at)
       SELECT $1, c, p.user_id, r.id, $2::jsonb, 'submitted', now()
         FROM unnest($3::uuid[]) c, session_participants p, scoring_rubrics r
        WHERE p.session_id = $1 AND p.role IN ('chief_examiner', 'examiner') AND r.campaign_id = $4`,
      [session.id, JSON.stringify(MARKS), plan.candidates, campaign.id],
    );
    plans.push(plan);
  }
  return plans;
}

/** Which client got which event when: receipt[eventKey] = times. */
type Receipts = Map<string, number[]>;

function record(receipts: Receipts, key: string) {
  const now = performance.now();
  const times = receipts.get(key);
  if (times) times.push(now);
  else receipts.set(key, [now]);
}

async function waitAll(receipts: Receipts, key: string, count: number): Promise<number> {
  const deadline = performance.now() + DEADLINE_MS;
  while (performance.now() < deadline) {
    const times = receipts.get(key);
    if (times && times.length >= count) return Math.max(...times);
    await sleep(1);
  }
  throw new Error(`only ${receipts.get(key)?.length ?? 0}/${count} clients received ${key}`);
}

function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The platform: publish through the api, receive through the media node. */
async function platform(jwtSecret: string, plans: RoomPlan[], apiUrl: string, mediaUrl: string) {
  const jwt = new JwtService({ secret: jwtSecret });
  const receipts: Receipts = new Map();
  const sockets: Socket[] = [];
  const join = async (plan: RoomPlan, person: { id: string; role: RoomRole }) => {
    const token = benchRoomToken(jwt, plan.sessionId, person);
    const socket = await connect(mediaUrl, { token, sessionId: plan.sessionId });
    socket.on('scorePublished', (event: { candidateUserId: string }) =>
      record(receipts, event.candidateUserId),
    );
    const { rtpCapabilities } = await socket.emitWithAck('getRouterRtpCapabilities', {});
    const reply = await socket.emitWithAck('join', { rtpCapabilities });
    if (reply.error) throw new Error(`join refused: ${JSON.stringify(reply.error)}`);
    sockets.push(socket);
    return socket;
  };
  for (const plan of plans) await Promise.all(plan.staff.map((person) => join(plan, person)));
  const chiefTokens = new Map(
    plans.map((plan) => {
      const chief = plan.staff[0];
      return [
        plan.sessionId,
        jwt.sign(
          { sub: chief.id, username: 'chief', roles: ['chief_examiner'], typ: 'access' },
          { issuer: 'yunzhao', expiresIn: 3600 },
        ),
      ];
    }),
  );
  const latencies: number[] = [];
  const responses: number[] = [];
  let inRoom: Socket[] = [];
  for (let round = 0; round < TOTAL_ROUNDS; round++) {
    const measuring = round >= WARMUP_ROUNDS;
    const roundLatencies: number[] = [];
    // The round's candidate comes in; the previous one has left (not measured).
    for (const socket of inRoom) socket.close();
    inRoom = await Promise.all(
      plans.map((plan) => join(plan, { id: plan.candidates[round], role: 'candidate' })),
    );
    await Promise.all(
      plans.map(async (plan) => {
        await sleep(Math.random() * SPREAD_MS);
        const candidateId = plan.candidates[round];
        const started = performance.now();
        const response = await fetch(
          `${apiUrl}/api/scoring/sessions/${plan.sessionId}/candidates/${candidateId}/publish`,
          {
            method: 'POST',
            headers: { Authorization: `Bearer ${chiefTokens.get(plan.sessionId)}` },
          },
        );
        if (response.status !== 201)
          throw new Error(`publish: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
        if (measuring) responses.push(performance.now() - started);
        const last = await waitAll(receipts, candidateId, 8);
        roundLatencies.push(last - started);
      }),
    );
    console.error(
      `platform round ${round + 1}${measuring ? '' : ' (warm-up)'}: p50 ${round2(percentile(roundLatencies, 50))} ms, max ${round2(Math.max(...roundLatencies))} ms`,
    );
    if (measuring) latencies.push(...roundLatencies);
  }
  for (const socket of sockets) socket.close();
  return { latencies, responses };
}

/** The same shape with no platform code: socket.io + Redis adapter, the Redis emitter. */
async function baseline(plans: RoomPlan[], keyPrefix: string) {
  const pub = new Redis(REDIS_URL);
  const sub = pub.duplicate();
  const emitterClient = pub.duplicate();
  const key = `${keyPrefix}:baseline:socket.io`;
  const http = createServer();
  const server = new Server(http, {
    path: '/socket.io',
    adapter: createAdapter(pub, sub, { key }),
  });
  server.on('connection', (socket) => {
    const { sessionId, userId, candidate } = socket.handshake.auth as {
      sessionId: string;
      userId: string;
      candidate: boolean;
    };
    void socket.join([
      roomChannels.all(sessionId),
      ...(candidate
        ? [roomChannels.candidates(sessionId), roomChannels.candidate(sessionId, userId)]
        : []),
    ]);
    socket.emit('joined');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const emitter = new Emitter(emitterClient, { key });
  const receipts: Receipts = new Map();
  const sockets: Socket[] = [];
  const join = async (plan: RoomPlan, person: { id: string; candidate: boolean }) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { sessionId: plan.sessionId, userId: person.id, candidate: person.candidate },
    });
    await new Promise<void>((resolve) => socket.once('joined', () => resolve()));
    socket.on('scorePublished', (event: { candidateUserId: string }) =>
      record(receipts, `b:${event.candidateUserId}`),
    );
    sockets.push(socket);
    return socket;
  };
  for (const plan of plans)
    await Promise.all(plan.staff.map((s) => join(plan, { id: s.id, candidate: false })));
  const latencies: number[] = [];
  let inRoom: Socket[] = [];
  for (let round = 0; round < TOTAL_ROUNDS; round++) {
    const measuring = round >= WARMUP_ROUNDS;
    for (const socket of inRoom) socket.close();
    inRoom = await Promise.all(
      plans.map((plan) => join(plan, { id: plan.candidates[round], candidate: true })),
    );
    await Promise.all(
      plans.map(async (plan) => {
        await sleep(Math.random() * SPREAD_MS);
        const candidateId = plan.candidates[round];
        const channel = roomChannels.candidate(plan.sessionId, candidateId);
        const event = {
          candidateUserId: candidateId,
          finalScore: 80.5,
          announcement: { 'zh-CN': '5 位考官评分…', en: '5 examiners scored…' },
        };
        const started = performance.now();
        emitter.to(channel).emit('scorePublished', { ...event, forCandidate: true });
        emitter
          .to(roomChannels.all(plan.sessionId))
          .except(roomChannels.candidates(plan.sessionId))
          .emit('scorePublished', { ...event, forCandidate: false });
        const last = await waitAll(receipts, `b:${candidateId}`, 8);
        if (measuring) latencies.push(last - started);
      }),
    );
  }
  for (const socket of sockets) socket.close();
  await new Promise((resolve) => server.close(resolve));
  pub.disconnect();
  sub.disconnect();
  emitterClient.disconnect();
  return latencies;
}

/** CPU time (user + system, ms) a child process has used so far, from /proc (Linux). */
async function cpuMs(child: ChildProcess): Promise<number | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const dbName = `yunzhao_bench_${randomBytes(5).toString('hex')}`;
  const keyPrefix = `yzbench:${randomBytes(4).toString('hex')}`;
  const jwtSecret = randomBytes(32).toString('hex');
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
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const mediaUrl = `http://127.0.0.1:${mediaPort}`;
  let api: ChildProcess | undefined;
  let media: ChildProcess | undefined;
  let db: Client | undefined;
  const watchdog = setTimeout(() => {
    console.error('benchmark took too long; giving up');
    api?.kill('SIGKILL');
    media?.kill('SIGKILL');
    process.exit(2);
  }, 300_000);
  try {
    // The api migrates the database on boot; the media node comes up next to it.
    // BENCH_CPU_PROF=dir writes V8 CPU profiles of the apps there (for finding hot spots).
    const nodeArgs = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    api = await startApp('apps/api/src/main.ts', env, `${apiUrl}/api/health`, { nodeArgs });
    media = await startApp('apps/media/src/main.ts', env, `${mediaUrl}/health`, { nodeArgs });
    db = new Client({ connectionString: dbUrl.toString() });
    await db.connect();
    const plans = await seed(db);
    console.error(
      `seeded ${ROOMS} rooms × 8 clients, ${ROUNDS} measured (+${WARMUP_ROUNDS} warm-up) publications per room`,
    );
    const [apiCpuBefore, mediaCpuBefore] = [await cpuMs(api), await cpuMs(media)];
    const { latencies: measured, responses } = await platform(jwtSecret, plans, apiUrl, mediaUrl);
    const [apiCpuAfter, mediaCpuAfter] = [await cpuMs(api), await cpuMs(media)];
    const perPublish = (before: number | null, after: number | null) =>
      before === null || after === null ? null : round2((after - before) / measured.length);
    console.error(`platform: ${measured.length} publications`);
    const bare = await baseline(plans, keyPrefix);
    console.error(`baseline: ${bare.length} broadcasts`);
    const summary = {
      bench: 'scoring-publication',
      rooms: ROOMS,
      clients_per_room: 8,
      publications: measured.length,
      warmup_rounds: WARMUP_ROUNDS,
      spread_ms: SPREAD_MS,
      p50_ms: round2(percentile(measured, 50)),
      p90_ms: round2(percentile(measured, 90)),
      p99_ms: round2(percentile(measured, 99)),
      max_ms: round2(Math.max(...measured)),
      api_response_p50_ms: round2(percentile(responses, 50)),
      api_response_p99_ms: round2(percentile(responses, 99)),
      // Includes connecting and joining the 400 clients, so an upper bound.
      api_cpu_ms_per_publication: perPublish(apiCpuBefore, apiCpuAfter),
      media_cpu_ms_per_publication: perPublish(mediaCpuBefore, mediaCpuAfter),
      load_average_1m: round2(loadavg()[0]),
      baseline_p50_ms: round2(percentile(bare, 50)),
      baseline_p99_ms: round2(percentile(bare, 99)),
      ratio_p99: round2(percentile(measured, 99) / percentile(bare, 99)),
      goal_met:
        percentile(measured, 99) <= 50 && percentile(measured, 99) <= 2 * percentile(bare, 99),
      duration_s: round2((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(summary));
  } finally {
    clearTimeout(watchdog);
    await db?.end();
    await stopApp(media);
    await stopApp(api);
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
