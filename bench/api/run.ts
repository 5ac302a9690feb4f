// Benchmark of submitting applications (issue 3): `npm run bench:api`.
// Starts the real api (child process) on a throwaway database, creates
// N candidates with a profile and a PhD up front (tokens issued once, before
// the run, so no password hashing happens during it), then POSTs
// /api/applications through the whole HTTP stack with autocannon (100
// connections, fixed duration). A minimal fastify + pg server doing the same
// insert on its own throwaway database is measured in the same run. Both
// databases are dropped at the end. The last line printed is one JSON object.
import { JwtService } from '@nestjs/jwt';
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import autocannon, { Result } from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Enough (candidate, campaign) pairs that even the baseline never runs out (a 409 is cheaper).
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 8000);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 2;
const ROOT = path.resolve(__dirname, '..', '..');

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Fixture {
  candidates: string[];
  /** Per campaign: [campaignId, postId]. */
  posts: [string, string][];
}

/** Migrates a fresh database and fills it with candidates and open campaigns. */
async function prepare(url: string): Promise<Fixture> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    await runMigrations(dataSource);
    const candidates = (
      await dataSource.query<{ id: string }[]>(
        `INSERT INTO users (username, display_name, password_hash, roles)
         SELECT 'bench' || n || '@example.com', 'bench ' || n, 'scrypt$disabled', '{candidate}'
           FROM generate_series(1, $1) AS n RETURNING id`,
        [CANDIDATES],
      )
    ).map((row) => row.id);
    // Valid-format but fictitious ID numbers; the API never re-parses them on this path.
    await dataSource.query(
      `INSERT INTO candidate_profiles (user_id, full_name, id_number, birth_date, sex)
       SELECT id, '考生' || row_number() OVER (), 'BENCH' || lpad((row_number() OVER ())::text, 13, '0'), '1990-01-01', 'male'
         FROM unnest($1::uuid[]) AS id`,
      [candidates],
    );
    await dataSource.query(
      `INSERT INTO education_records (user_id, degree, university_name, discipline_code, graduation_date)
       SELECT id, 'phd', '山东大学', '0812', '2022-06-30' FROM unnest($1::uuid[]) AS id`,
      [candidates],
    );
    const posts: [string, string][] = [];
    for (let i = 0; i < CAMPAIGNS; i++) {
      const [campaign] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
         VALUES ($1, now() - interval '1 day', now() + interval '1 day', 'open', $2) RETURNING id`,
        [
          `bench ${i}`,
          JSON.stringify({
            anyOf: [
              { degree: 'phd' },
              { degree: 'master', universityTier: ['985', '211', 'double_first_class'] },
            ],
          }),
        ],
      );
      const [category] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en) VALUES ($1, '08', '工学', 'Engineering') RETURNING id`,
        [campaign.id],
      );
      const [post] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO posts (campaign_id, category_id, code, title, quota, degree_levels, disciplines)
         VALUES ($1, $2, 'P-1', '工学岗位', 10, '{phd,master}', '{08}') RETURNING id`,
        [campaign.id, category.id],
      );
      posts.push([campaign.id, post.id]);
    }
    return { candidates, posts };
  } finally {
    await dataSource.destroy();
  }
}

function start(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'var', 'prof')}`]
    : [];
  const child = spawn(process.execPath, [...profile, '-r', './scripts/ts-register.js', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Autocannon over (candidate, campaign) pairs, each used once: every request is a new application. */
async function load(
  url: string,
  fixture: Fixture,
  body: (candidate: number, campaign: number) => string,
  headers: (candidate: number) => Record<string, string>,
  cursor: { next: number },
  duration: number,
): Promise<Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          const slot = cursor.next++;
          const candidate = slot % fixture.candidates.length;
          const campaign = Math.floor(slot / fixture.candidates.length) % fixture.posts.length;
          return {
            ...request,
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers(candidate) },
            body: body(candidate, campaign),
          };
        },
      },
    ],
  });
}

/** CPU time (user + system, ms) a child process has used so far, from /proc (Linux only). */
async function cpuMs(child: ChildProcess): Promise<number | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    if (process.env.BENCH_CPU_SPLIT) console.log(`utime ${fields[11]} stime ${fields[12]}`);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Server CPU per request during the measured run: comparable even on a busy machine. */
async function measured<T extends Result>(
  child: ChildProcess,
  run: () => Promise<T>,
): Promise<{ result: T; cpuMsPerRequest: number | null }> {
  const before = await cpuMs(child);
  const result = await run();
  const after = await cpuMs(child);
  const requests = result.requests.total;
  return {
    result,
    cpuMsPerRequest:
      before === null || after === null || requests === 0
        ? null
        : Math.round(((after - before) / requests) * 100) / 100,
  };
}

function summary(result: Result) {
  return {
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const ourDb = `yunzhao_bench_api_${suffix}`;
  const baseDb = `yunzhao_bench_base_${suffix}`;
  const floorDb = `yunzhao_bench_floor_${suffix}`;
  const databases = [ourDb, baseDb, floorDb];
  const children: ChildProcess[] = [];
  for (const name of databases) await admin(`CREATE DATABASE ${name}`);
  try {
    const [ours, base, floor] = await Promise.all(
      databases.map((name) => prepare(databaseUrl(name))),
    );
    const capacity = CANDIDATES * CAMPAIGNS;
    console.log(
      `fixtures: ${CANDIDATES} candidates × ${CAMPAIGNS} campaigns = ${capacity} possible applications per server`,
    );

    const jwtSecret = randomBytes(32).toString('hex');
    const api = await start('bench/api/server.ts', {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATABASE_URL: databaseUrl(ourDb),
      REDIS_KEY_PREFIX: `yzbench:${suffix}`,
      JWT_SECRET: jwtSecret,
      QUESTION_BANK_KEY: randomBytes(32).toString('hex'),
      JWT_ACCESS_TTL_SECONDS: '3600',
      SEED_DEMO: 'false',
      WEB_DIST: path.join(os.tmpdir(), 'no-web-app'),
    });
    children.push(api.child);
    // Tokens are issued once per candidate before the run, as a login would.
    const jwt = new JwtService({
      secret: jwtSecret,
      signOptions: { issuer: 'yunzhao', expiresIn: 3600 },
    });
    const tokens = ours.candidates.map((id, n) =>
      jwt.sign({
        sub: id,
        username: `bench${n + 1}@example.com`,
        roles: ['candidate'],
        typ: 'access',
      }),
    );
    const ourCursor = { next: 0 };
    const ourBody = (_candidate: number, campaign: number) =>
      JSON.stringify({ postId: ours.posts[campaign][1] });
    const ourHeaders = (candidate: number) => ({ authorization: `Bearer ${tokens[candidate]}` });
    const ourUrl = `http://127.0.0.1:${api.port}/api/applications`;
    await load(ourUrl, ours, ourBody, ourHeaders, ourCursor, WARMUP_S);
    const { result: ourResult, cpuMsPerRequest: ourCpu } = await measured(api.child, () =>
      load(ourUrl, ours, ourBody, ourHeaders, ourCursor, DURATION_S),
    );
    await stop(api.child);
    if (process.env.BENCH_ONLY === 'ours') {
      // For trying a change quickly: no reference servers, so no ratio.
      const { rps, p50_ms, p99_ms, non2xx } = summary(ourResult);
      console.log(
        JSON.stringify({
          ours_rps: rps,
          p50_ms,
          p99_ms,
          ours_non2xx: non2xx,
          ours_cpu_ms_per_request: ourCpu,
        }),
      );
      return;
    }

    // The two reference servers take the same body and run the same statement, unauthenticated.
    const reference = async (script: string, fixture: Fixture, database: string) => {
      const server = await start(script, { DATABASE_URL: databaseUrl(database) });
      children.push(server.child);
      const cursor = { next: 0 };
      const body = (candidate: number, campaign: number) =>
        JSON.stringify({
          candidateId: fixture.candidates[candidate],
          campaignId: fixture.posts[campaign][0],
          postId: fixture.posts[campaign][1],
        });
      const url = `http://127.0.0.1:${server.port}/applications`;
      await load(url, fixture, body, () => ({}), cursor, WARMUP_S);
      const run = await measured(server.child, () =>
        load(url, fixture, body, () => ({}), cursor, DURATION_S),
      );
      await stop(server.child);
      return { ...run, cursor };
    };
    const baseline = await reference('bench/api/baseline.ts', base, baseDb);
    const nestFloor = await reference('bench/api/nest-floor.ts', floor, floorDb);

    const exhausted = [ourCursor, baseline.cursor, nestFloor.cursor].some(
      (cursor) => cursor.next > capacity,
    );
    if (exhausted)
      console.log(
        'warning: more requests than fixtures; raise BENCH_CANDIDATES (later requests were 409s)',
      );
    const o = summary(ourResult);
    const b = summary(baseline.result);
    const f = summary(nestFloor.result);
    console.log(
      `ours:     ${o.rps} req/s, p50 ${o.p50_ms} ms, p99 ${o.p99_ms} ms, ${o.ok} created, ${o.non2xx} non-2xx, ${o.errors} errors, ${ourCpu} ms CPU/request`,
    );
    console.log(
      `baseline: ${b.rps} req/s, p50 ${b.p50_ms} ms, p99 ${b.p99_ms} ms, ${b.ok} created, ${b.non2xx} non-2xx, ${b.errors} errors, ${baseline.cpuMsPerRequest} ms CPU/request`,
    );
    console.log(
      `nest floor: ${f.rps} req/s, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms, ${f.ok} created, ${f.non2xx} non-2xx, ${f.errors} errors, ${nestFloor.cpuMsPerRequest} ms CPU/request`,
    );
    console.log(
      JSON.stringify({
        ours_rps: o.rps,
        baseline_rps: b.rps,
        ratio: Math.round((o.rps / b.rps) * 100) / 100,
        p99_ms: o.p99_ms,
        p50_ms: o.p50_ms,
        baseline_p99_ms: b.p99_ms,
        ours_non2xx: o.non2xx,
        baseline_non2xx: b.non2xx,
        ours_cpu_ms_per_request: ourCpu,
        baseline_cpu_ms_per_request: baseline.cpuMsPerRequest,
        nest_floor_rps: f.rps,
        nest_floor_ratio: Math.round((f.rps / b.rps) * 100) / 100,
        nest_floor_p99_ms: f.p99_ms,
        nest_floor_cpu_ms_per_request: nestFloor.cpuMsPerRequest,
        load_average_1m: Math.round(os.loadavg()[0] * 100) / 100,
        connections: CONNECTIONS,
        duration_s: DURATION_S,
        cpus: os.cpus().length,
        fixtures_exhausted: exhausted,
      }),
    );
  } finally {
    await Promise.all(children.map(stop));
    for (const name of databases) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:api failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
