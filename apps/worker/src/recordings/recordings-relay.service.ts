import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FINALISE_MAX_ATTEMPTS } from '@yunzhao/recordings';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PeriodicOutboxRelay } from '../outbox-relay';
import {
  FinaliseJobData,
  RECORDINGS_QUEUE,
  RECORDINGS_RELAY_INTERVAL_MS,
  RecordingsJob,
} from './recordings-queue';

const BATCH_SIZE = 500;

/**
 * Moves the recordings outbox (recording_jobs) into BullMQ (see PeriodicOutboxRelay).
 * Composites go at low priority.
 */
@Injectable()
export class RecordingsRelay extends PeriodicOutboxRelay {
  protected readonly logger = new Logger(RecordingsRelay.name);

  constructor(
    @InjectQueue(RECORDINGS_QUEUE) private readonly queue: Queue<FinaliseJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  protected intervalMs(): number {
    return RECORDINGS_RELAY_INTERVAL_MS;
  }

  /** Offers pending rows to the queue; returns how many were offered. */
  async relayOnce(): Promise<number> {
    const rows = await this.dataSource.query<{ id: string; kind: string }[]>(
      `SELECT id, kind FROM recording_jobs
        WHERE done_at IS NULL AND attempts < $1
        ORDER BY created_at LIMIT $2`,
      [FINALISE_MAX_ATTEMPTS, BATCH_SIZE],
    );
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map(({ id, kind }) => ({
        name: RecordingsJob.Finalise,
        data: { recordingJobId: id },
        opts: {
          jobId: id,
          // Lower number = sooner; a composite never delays a segment's finalisation.
          priority: kind === 'composite' ? 100 : 1,
          attempts: 1,
          // Gone once done or failed, so a row that is still pending is offered again.
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
    return rows.length;
  }
}
