import { Processor, WorkerHost } from '@nestjs/bullmq';
import {
  DeliveryOutcome,
  NOTIFICATIONS_QUEUE,
  NotificationDeliveryService,
  UnknownTemplateError,
} from '@yunzhao/notifications';
import { Job, UnrecoverableError } from 'bullmq';

export const DELIVER_JOB = 'deliver';

export interface DeliverJobData {
  outboxId: string;
}

/** Delivers one outbox row per job; delivering a row twice is harmless (see deliver()). */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly delivery: NotificationDeliveryService) {
    super();
  }

  async process(job: Job<DeliverJobData>): Promise<{ outcome: DeliveryOutcome }> {
    if (job.name !== DELIVER_JOB || typeof job.data?.outboxId !== 'string') {
      throw new UnrecoverableError(`no handler for job "${job.name}"`);
    }
    try {
      return { outcome: await this.delivery.deliver(job.data.outboxId) };
    } catch (error) {
      // A message nobody can render will not render on retry either.
      if (error instanceof UnknownTemplateError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
