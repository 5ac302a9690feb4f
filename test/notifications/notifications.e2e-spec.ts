import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NOTIFICATIONS_QUEUE, NotificationDeliveryService } from '@yunzhao/notifications';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp, WorkerApp } from '../../apps/worker/src/bootstrap';
import { bullConnection } from '../../apps/worker/src/worker.module';
import { OutboxRelay } from '../../apps/worker/src/notifications/outbox-relay.service';
import { testConfig } from '../support/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { login } from '../support/http';
import { api, makeApplication, makeCampaign, makeUser, TestUser } from '../sessions/fixtures';

let db: TestDatabase;
let apiApp: NestExpressApplication;
let worker: WorkerApp | undefined;
let http: ReturnType<typeof api>;
const users: Record<string, TestUser> = {};
let sessionId: string;
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-mail-'));
const prefix = `yztest:notif:${randomBytes(4).toString('hex')}`;
const env = {
  REDIS_KEY_PREFIX: prefix,
  NOTIFICATIONS_DIR: mailDir,
  // The tests drive the relay by hand after its first pass at boot.
  NOTIFICATIONS_RELAY_INTERVAL_MS: '3600000',
  PUBLIC_WEB_URL: 'https://zp.example.cn',
};

interface OutboxRow {
  id: string;
  recipient_id: string;
  channel: string;
  template: string;
  payload: { link: string; role: string; changed: boolean };
  sent_at: Date | null;
  enqueued_at: Date | null;
  attempts: number;
}

const outbox = () =>
  db.query<OutboxRow>('SELECT * FROM notifications_outbox ORDER BY created_at, id');

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Subject and decoded text of an .eml file written by the worker. */
function readEml(file: string) {
  const raw = fs.readFileSync(file, 'utf8');
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const subjectWords = /^Subject: (.+(?:\r?\n .+)*)/m.exec(head)?.[1] ?? '';
  const subject = [...subjectWords.matchAll(/=\?UTF-8\?B\?([^?]+)\?=/gi)]
    .map((m) => Buffer.from(m[1], 'base64').toString('utf8'))
    .join('');
  const text = Buffer.from(rest.join('\n\n').replace(/\s+/g, ''), 'base64').toString('utf8');
  return { head, subject, text };
}

async function startWorker() {
  worker = await createWorkerApp(testConfig(db.url, env));
  return worker;
}

beforeAll(async () => {
  db = await createTestDatabase();
  apiApp = await createApiApp(testConfig(db.url, env));
  http = api(apiApp);
  const admin = await login(apiApp);
  for (const [name, roles] of Object.entries({
    hrofficer: ['hr'],
    chief: ['chief_examiner'],
    exa: ['examiner'],
    exb: ['examiner'],
    sup: ['supervisor'],
    cand: ['candidate'],
  })) {
    users[name] = await makeUser(apiApp, admin.accessToken, name, roles);
  }
  const campaign = await makeCampaign(db, 'notifications');
  const application = await makeApplication(db, campaign, users.cand.id);
  const created = await http
    .post(
      '/sessions',
      {
        campaignId: campaign.campaignId,
        categoryCode: 'ENG',
        title: '经济学类第 2 场',
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
  sessionId = created.body.id;
}, 60_000);

afterAll(async () => {
  if (worker) {
    await worker.context.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE)).obliterate({ force: true });
    await worker.close();
  }
  await apiApp?.close();
  await db?.drop();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

describe('notifications', () => {
  it('writes one invitation per participant to the outbox with the session', async () => {
    const rows = await outbox();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.recipient_id))).toEqual(
      new Set(['chief', 'exa', 'exb', 'sup', 'cand'].map((name) => users[name].id)),
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        channel: 'email',
        template: 'session.invitation',
        sent_at: null,
      });
    }
    const candidateRow = rows.find((row) => row.recipient_id === users.cand.id);
    expect(candidateRow?.payload).toMatchObject({
      role: 'candidate',
      link: `/interviews/${sessionId}`,
    });
    const chiefRow = rows.find((row) => row.recipient_id === users.chief.id);
    expect(chiefRow?.payload).toMatchObject({
      role: 'chief_examiner',
      link: `/schedule/${sessionId}`,
    });
    // Nothing is delivered before a worker runs.
    const inbox = await http.get('/notifications', users.cand.token).expect(200);
    expect(inbox.body).toEqual({ items: [], unread: 0 });
  });

  it('the worker delivers each invitation to the mail folder and the in-app inbox', async () => {
    await startWorker();
    const rows = await eventually(outbox, (all) => all.every((row) => row.sent_at !== null));
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.enqueued_at).not.toBeNull();
    }
    const files = fs.readdirSync(mailDir).sort();
    expect(files).toEqual(rows.map((row) => `${row.id}.eml`).sort());

    const candidateRow = rows.find((row) => row.recipient_id === users.cand.id) as OutboxRow;
    const mail = readEml(path.join(mailDir, `${candidateRow.id}.eml`));
    expect(mail.subject).toBe('面试邀请：经济学类第 2 场');
    expect(mail.head).toMatch(new RegExp(`^X-Yunzhao-Outbox-Id: ${candidateRow.id}$`, 'im'));
    expect(mail.text).toContain('cand，您好');
    expect(mail.text).toContain('2030-06-12 08:30 至 2030-06-12 12:00（北京时间）');
    expect(mail.text).toContain(`https://zp.example.cn/interviews/${sessionId}`);

    const inbox = await http.get('/notifications', users.cand.token).expect(200);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        title: '面试邀请：经济学类第 2 场',
        link: `/interviews/${sessionId}`,
        readAt: null,
      }),
    ]);
    const read = await http
      .post(`/notifications/${inbox.body.items[0].id}/read`, {}, users.cand.token)
      .expect(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await http.get('/notifications', users.cand.token)).body.unread).toBe(0);
    await http
      .post(`/notifications/${inbox.body.items[0].id}/read`, {}, users.exa.token)
      .expect(404);
  });

  it('a delivery repeated, even concurrently, changes nothing', async () => {
    const delivery = (worker as WorkerApp).context.get(NotificationDeliveryService);
    const [row] = await outbox();
    expect(await delivery.deliver(row.id)).toBe('already_sent');
    // The relay only passes at boot here, so these new rows wait in the outbox.
    await http
      .patch(`/sessions/${sessionId}`, { title: '经济学类第 2 场（改期）' }, users.hrofficer.token)
      .expect(200);
    const fresh = (await outbox()).filter((r) => r.sent_at === null);
    expect(fresh).toHaveLength(5);
    const outcomes = await Promise.all([
      delivery.deliver(fresh[0].id),
      delivery.deliver(fresh[0].id),
    ]);
    expect(outcomes.sort()).toEqual(['already_sent', 'sent']);
    const entries = await db.query('SELECT id FROM notifications WHERE outbox_id = $1', [
      fresh[0].id,
    ]);
    expect(entries).toHaveLength(1);
  });

  it('re-enqueues unsent rows after Redis loses the queue, and delivers each exactly once', async () => {
    await (worker as WorkerApp).close();
    worker = undefined;
    const config = testConfig(db.url, env);
    // The relay as the worker runs it, on a queue nobody consumes yet.
    const queue = new Queue(NOTIFICATIONS_QUEUE, {
      connection: bullConnection(config.redis.url),
      prefix: `${prefix}:bull`,
    });
    try {
      const relay = new OutboxRelay(queue, apiApp.get(DataSource), config);
      const unsent = (await outbox()).filter((row) => row.sent_at === null);
      expect(unsent).toHaveLength(4);
      expect(await relay.relayOnce()).toBe(4);
      expect(await queue.getWaitingCount()).toBe(4);
      // Offering them again does not duplicate them (job id = outbox id).
      expect(await relay.relayOnce()).toBe(4);
      expect(await queue.getWaitingCount()).toBe(4);
      // Redis loses the queue: only this test's own key prefix is touched.
      await queue.obliterate({ force: true });
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'completed',
        'failed',
      );
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(0);
      expect((await outbox()).filter((row) => row.sent_at === null)).toHaveLength(4);
    } finally {
      await queue.close();
    }

    // A worker starts: its relay finds the rows still unsent and enqueues them again.
    const restarted = await startWorker();
    const rows = await eventually(outbox, (all) => all.every((row) => row.sent_at !== null));
    expect(rows).toHaveLength(10);
    const perRow = await db.query<{ outbox_id: string; n: string }>(
      'SELECT outbox_id, count(*) AS n FROM notifications GROUP BY outbox_id',
    );
    expect(perRow).toHaveLength(10);
    expect(perRow.every((row) => row.n === '1')).toBe(true);
    expect(fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(10);
    expect(await restarted.context.get(OutboxRelay).relayOnce()).toBe(0);

    const inbox = await http.get('/notifications', users.exa.token).expect(200);
    expect(inbox.body.items.map((item: { title: string }) => item.title)).toEqual([
      '面试安排变更：经济学类第 2 场（改期）',
      '面试邀请：经济学类第 2 场',
    ]);
  });
});
