import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NOTIFICATIONS_QUEUE } from '@yunzhao/notifications';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp, WorkerApp } from '../../apps/worker/src/bootstrap';
import { NotificationsProcessor } from '../../apps/worker/src/notifications/notifications.processor';
import { eventually, freePort, startPrivateRedis } from '../recording/archive-fixtures';
import { api, makeApplication, makeCampaign, makeUser, TestUser } from '../sessions/fixtures';
import { TEST_ADMIN, testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';

/**
 * Fault: the Redis behind the queues and the login limiter is killed (no persistence, so every
 * queued job dies with it) and started again on the same port. The api and the worker keep
 * running: nothing in the notifications outbox is lost and the api answers again by itself.
 * A private redis-server is used, never the shared one.
 */
let db: TestDatabase;
let apiApp: NestExpressApplication | undefined;
let worker: WorkerApp | undefined;
let redis: { kill(): Promise<void> } | undefined;
let redisPort: number;
let http: ReturnType<typeof api>;
const users: Record<string, TestUser> = {};
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-fault-mail-'));

interface OutboxRow {
  id: string;
  sent_at: Date | null;
  enqueued_at: Date | null;
}
const outbox = () =>
  db.query<OutboxRow>('SELECT id, sent_at, enqueued_at FROM notifications_outbox ORDER BY id');

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startPrivateRedis(redisPort);
  db = await createTestDatabase();
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_KEY_PREFIX: `yztest:fault:${randomBytes(4).toString('hex')}`,
    NOTIFICATIONS_DIR: mailDir,
    NOTIFICATIONS_RELAY_INTERVAL_MS: '500',
  };
  apiApp = await createApiApp(testConfig(db.url, env)); // applies the migrations
  http = api(apiApp);
  const admin = await login(apiApp);
  for (const [name, roles] of Object.entries({
    hrofficer: ['hr'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    exb: ['examiner'],
    sup: ['supervisor'],
    cand: ['candidate'],
  }))
    users[name] = await makeUser(apiApp, admin.accessToken, name, roles);
  worker = await createWorkerApp(testConfig(db.url, env));
}, 90_000);

/** Resolves when `work` settles or after `ms`, so a stuck close cannot hang the suite. */
const bounded = (work: Promise<unknown> | undefined, ms = 15_000) =>
  Promise.race([
    Promise.resolve(work).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, ms).unref()),
  ]);

afterAll(async () => {
  // A failure may leave Redis down; BullMQ only closes cleanly against a live server.
  if (!redis && redisPort) redis = await startPrivateRedis(redisPort).catch(() => undefined);
  await bounded(worker?.close());
  await bounded(apiApp?.close());
  await redis?.kill();
  await db?.drop();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

describe('fault: Redis restarted', () => {
  it('loses no outbox job and the api answers again, without restarting the apps', async () => {
    const processor = worker!.context.get(NotificationsProcessor);
    const queue = worker!.context.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    // Hold delivery so the jobs are certainly pending in Redis when it dies.
    await processor.worker.pause(true);

    const campaign = await makeCampaign(db, 'redis fault');
    const application = await makeApplication(db, campaign, users.cand.id);
    const created = await http
      .post(
        '/sessions',
        {
          campaignId: campaign.campaignId,
          categoryCode: 'ENG',
          title: '工学类第 1 场',
          startsAt: '2030-06-12T00:30:00.000Z',
          endsAt: '2030-06-12T04:00:00.000Z',
          chiefExaminerId: users.chief.id,
          examinerIds: [users.exa.id, users.exb.id],
          supervisorIds: [users.sup.id],
          applicationIds: [application],
        },
        users.hrofficer.token,
      )
      .expect(201);
    const invitations = await outbox();
    expect(invitations).toHaveLength(5);
    await eventually(
      () => queue.getJobCounts('waiting', 'paused', 'prioritized', 'active'),
      (c) => c.waiting + c.paused + c.prioritized + c.active === invitations.length,
      20_000,
    );
    expect(invitations.every((row) => row.sent_at === null)).toBe(true);

    await redis!.kill(); // no persistence: every queued job is gone with it
    redis = undefined;

    // While Redis is away the api answers fast with 503 where it needs Redis (the login limiter)…
    const started = Date.now();
    const refused = await http.post('/auth/login', {
      username: TEST_ADMIN.username,
      password: TEST_ADMIN.password,
    });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5_000);
    // …and still writes to the outbox where it does not: a change made during the outage.
    await http
      .patch(
        `/sessions/${created.body.id}`,
        { title: '工学类第 1 场（改期）' },
        users.hrofficer.token,
      )
      .expect(200);
    const all = await outbox();
    expect(all.length).toBeGreaterThan(invitations.length);

    redis = await startPrivateRedis(redisPort); // same port, empty
    await processor.worker.resume();

    const delivered = await eventually(
      outbox,
      (rows) => rows.every((row) => row.sent_at !== null),
      60_000,
    );
    expect(delivered.map((row) => row.id)).toEqual(all.map((row) => row.id));
    expect(fs.readdirSync(mailDir).sort()).toEqual(all.map((row) => `${row.id}.eml`).sort());
    const inbox = await http.get('/notifications', users.cand.token).expect(200);
    expect(inbox.body.unread).toBe(2); // the invitation and the change notice

    // The api's own Redis client reconnected: logins work again, no restart.
    const again = await eventually(
      () =>
        http.post('/auth/login', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }),
      (response) => response.status === 200,
      15_000,
    );
    expect(again.body.accessToken).toEqual(expect.any(String));
    await http.get('/health').expect(200);
  }, 90_000);
});
