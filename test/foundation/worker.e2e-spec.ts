import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../apps/api/src/bootstrap';
import {
  HOUSEKEEPING_QUEUE,
  HousekeepingJob,
} from '../../apps/worker/src/housekeeping/housekeeping.processor';
import { bullConnection } from '../../apps/worker/src/worker.module';
import { createWorkerApp, WorkerApp } from '../../apps/worker/src/bootstrap';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

let db: TestDatabase;
let worker: WorkerApp;
let queue: Queue;
let events: QueueEvents;
const config = () => testConfig(db.url, { REDIS_KEY_PREFIX: prefix });
const prefix = `yztest:worker:${process.pid}`;

beforeAll(async () => {
  db = await createTestDatabase();
  // The api migrates the database and writes the first audit entries.
  const api = await createApiApp(config());
  await login(api);
  await api.close();
  worker = await createWorkerApp(config());
  await new Promise<void>((resolve) => worker.health.listen(0, '127.0.0.1', resolve));
  queue = worker.context.get<Queue>(getQueueToken(HOUSEKEEPING_QUEUE));
  events = new QueueEvents(HOUSEKEEPING_QUEUE, {
    connection: bullConnection(config().redis.url),
    prefix: `${prefix}:bull`,
  });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events?.close();
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await worker?.close();
  await db?.drop();
});

describe('worker', () => {
  it('reports Redis and its queues on /health', async () => {
    const { port } = worker.health.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      redis: string;
      queues: Record<string, unknown>;
    };
    expect(body).toMatchObject({ status: 'ok', redis: 'up' });
    expect(body.queues).toHaveProperty(HOUSEKEEPING_QUEUE);
  });

  it('schedules its housekeeping jobs', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      [HousekeepingJob.PruneRefreshTokens, HousekeepingJob.VerifyAuditChain].sort(),
    );
  });

  it('runs the audit verification job through BullMQ against Postgres', async () => {
    const job = await queue.add(HousekeepingJob.VerifyAuditChain, {});
    const result = (await job.waitUntilFinished(events, 15_000)) as {
      entries: number;
      broken: unknown;
    };
    expect(result.broken).toBeNull();
    expect(result.entries).toBeGreaterThanOrEqual(2);
  });

  it('prunes refresh tokens that expired more than a day ago and keeps the rest', async () => {
    const [user] = await db.query<{ id: string }>('SELECT id FROM users LIMIT 1');
    await db.query(
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, repeat('a', 64), now() - interval '3 days'), ($1, repeat('b', 64), now() + interval '1 day')`,
      [user.id],
    );
    const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens');
    const job = await queue.add(HousekeepingJob.PruneRefreshTokens, {});
    const result = (await job.waitUntilFinished(events, 15_000)) as { deleted: number };
    expect(result.deleted).toBe(1);
    const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens');
    expect(Number(after[0].n)).toBe(Number(before[0].n) - 1);
  });

  it('fails a job it has no handler for without retrying it', async () => {
    const job = await queue.add('no-such-job', {}, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(
      'no handler for job "no-such-job"',
    );
    const failed = await Job.fromId(queue, job.id as string);
    expect(failed?.attemptsMade).toBe(1);
  });
});
