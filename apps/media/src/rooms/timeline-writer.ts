import { Logger } from '@nestjs/common';
import { isStoreUnavailable } from '@yunzhao/core';
import type { TimelineType } from '@yunzhao/timeline';

/** Waits between attempts while the database is away: 0.2 s, doubling, at most 5 s. */
export const retryDelayMs = (attempt: number): number => Math.min(200 * 2 ** attempt, 5_000);

/**
 * Writes a room's timeline rows one after another, in the order the room produced them. A row
 * the database cannot take right now (Postgres restarting, a dropped connection) is retried
 * until it is stored, and the rows after it wait behind it, so a short outage loses nothing and
 * a reopened room still replays the right order. A row refused for good (a bug) is logged and
 * skipped rather than holding up the rest.
 */
export class TimelineWriter {
  private readonly logger = new Logger(TimelineWriter.name);
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sessionId: string,
    private readonly store: (row: TimelineRow) => Promise<void>,
    private readonly wait: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms).unref()),
  ) {}

  write(row: TimelineRow): void {
    this.chain = this.chain.then(() => this.storeRow(row));
  }

  /** Resolves when every row written so far is stored (or given up). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async storeRow(row: TimelineRow): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store(row);
      } catch (error) {
        const context = { err: error, sessionId: this.sessionId, type: row.type };
        if (!isStoreUnavailable(error)) {
          this.logger.error(context, 'timeline write refused; row skipped');
          return;
        }
        if (attempt === 0) this.logger.warn(context, 'timeline write waiting for the database');
        await this.wait(retryDelayMs(attempt));
      }
    }
  }
}

export interface TimelineRow {
  type: TimelineType;
  actorUserId: string | null;
  payload: Record<string, unknown>;
}
