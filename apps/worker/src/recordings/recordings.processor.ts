import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { FinalisationService, IntegrityService, RetentionService } from '@yunzhao/recordings';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { FinaliseJobData, RECORDINGS_QUEUE, RecordingsJob } from './recordings-queue';

/**
 * Finalises recording segments (one recording_jobs row per job; a failure is retried by the
 * relay's next offer, attempts counted in Postgres) and runs the scheduled retention purge and
 * integrity pass.
 */
@Processor(RECORDINGS_QUEUE, { concurrency: 2 })
export class RecordingsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecordingsProcessor.name);

  constructor(
    @InjectQueue(RECORDINGS_QUEUE) private readonly queue: Queue,
    private readonly finalisation: FinalisationService,
    private readonly retention: RetentionService,
    private readonly integrity: IntegrityService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Job schedulers are idempotent by id, so every worker instance may upsert them.
    await this.queue.upsertJobScheduler(
      RecordingsJob.PurgeExpired,
      { pattern: '41 * * * *' },
      { name: RecordingsJob.PurgeExpired },
    );
    await this.queue.upsertJobScheduler(
      RecordingsJob.VerifyIntegrity,
      { pattern: '50 2 * * *' },
      { name: RecordingsJob.VerifyIntegrity },
    );
  }

  async process(job: Job<FinaliseJobData>): Promise<unknown> {
    switch (job.name) {
      case RecordingsJob.Finalise: {
        if (typeof job.data?.recordingJobId !== 'string')
          throw new UnrecoverableError('finalise job without recordingJobId');
        return { outcome: await this.finalisation.runJob(job.data.recordingJobId) };
      }
      case RecordingsJob.PurgeExpired:
        return this.retention.purgeExpired();
      case RecordingsJob.VerifyIntegrity: {
        const result = await this.integrity.verifyDue();
        if (result.mismatches > 0)
          this.logger.error(result, 'recording integrity pass found mismatches');
        return result;
      }
      default:
        throw new UnrecoverableError(`no handler for job "${job.name}"`);
    }
  }
}
