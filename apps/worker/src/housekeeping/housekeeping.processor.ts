import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

export const HOUSEKEEPING_QUEUE = 'housekeeping';

export const HousekeepingJob = {
  PruneRefreshTokens: 'prune-refresh-tokens',
  VerifyAuditChain: 'verify-audit-chain',
} as const;

/** Scheduled upkeep: expired refresh tokens go, and the audit chain is re-verified nightly. */
@Processor(HOUSEKEEPING_QUEUE)
export class HousekeepingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(HousekeepingProcessor.name);

  constructor(
    @InjectQueue(HOUSEKEEPING_QUEUE) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Job schedulers are idempotent by id, so every worker instance may upsert them.
    await this.queue.upsertJobScheduler(
      HousekeepingJob.PruneRefreshTokens,
      { pattern: '17 * * * *' },
      { name: HousekeepingJob.PruneRefreshTokens },
    );
    await this.queue.upsertJobScheduler(
      HousekeepingJob.VerifyAuditChain,
      { pattern: '30 3 * * *' },
      { name: HousekeepingJob.VerifyAuditChain },
    );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case HousekeepingJob.PruneRefreshTokens: {
        const result = await this.dataSource
          .createQueryBuilder()
          .delete()
          .from('refresh_tokens')
          .where("expires_at < now() - interval '1 day'")
          .execute();
        return { deleted: result.affected ?? 0 };
      }
      case HousekeepingJob.VerifyAuditChain: {
        const verification = await this.audit.verify();
        if (verification.broken)
          this.logger.error(
            { broken: verification.broken },
            'AUDIT CHAIN BROKEN: the audit log was altered',
          );
        return verification;
      }
      default:
        throw new UnrecoverableError(`no handler for job "${job.name}"`);
    }
  }
}
