import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { NOTIFICATIONS_QUEUE } from '@yunzhao/notifications';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PeriodicOutboxRelay } from '../outbox-relay';
import { DELIVER_JOB, DeliverJobData } from './notifications.processor';

const BATCH_SIZE = 500;

/**
 * Moves the notifications outbox into the queue (see PeriodicOutboxRelay). Rows that failed
 * `maxAttempts` times stay unsent for an operator.
 */
@Injectable()
export class OutboxRelay extends PeriodicOutboxRelay {
  protected readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<DeliverJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.notifications.relayIntervalMs;
  }

  /** Offers unsent rows to the queue; returns how many were offered. */
  async relayOnce(): Promise<number> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notifications_outbox
        WHERE sent_at IS NULL AND attempts < $1
        ORDER BY created_at LIMIT $2`,
      [this.config.notifications.maxAttempts, BATCH_SIZE],
    );
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map(({ id }) => ({
        name: DELIVER_JOB,
        data: { outboxId: id },
        opts: {
          jobId: id,
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          // Gone once done, so a row that is still unsent can be offered again.
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
    await this.dataSource.query(
      `UPDATE notifications_outbox SET enqueued_at = now()
        WHERE id = ANY($1::uuid[]) AND enqueued_at IS NULL`,
      [rows.map((row) => row.id)],
    );
    return rows.length;
  }
}
