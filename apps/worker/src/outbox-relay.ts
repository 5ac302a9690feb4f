import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * The shape every Postgres → BullMQ outbox relay shares: each tick offers the
 * pending rows again with job id = row id. BullMQ ignores an id it already
 * holds, and a queue lost with Redis is rebuilt from Postgres on the next tick.
 * Ticks never overlap; shutdown waits for the one in progress.
 */
export abstract class PeriodicOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  protected abstract intervalMs(): number;

  /** Offers pending rows to the queue; returns how many were offered. */
  abstract relayOnce(): Promise<number>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs());
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.relayOnce()
      .catch((error: unknown) =>
        this.logger.warn(`relay: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
