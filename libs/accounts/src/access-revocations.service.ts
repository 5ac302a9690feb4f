import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { DataSource } from 'typeorm';

/** How often each process re-reads the revocations other processes made. */
export const REVOCATIONS_REFRESH_MS = 5_000;

/**
 * Access tokens are stateless and live JWT_ACCESS_TTL_SECONDS. Disabling an account, changing
 * its roles or resetting its password must end the tokens it already holds at once, not when
 * they expire. The moment is stored with the user (`users.tokens_revoked_at`, in the change's
 * transaction); each process keeps the revocations of the last token lifetime in memory, so
 * checking a token is a map lookup rather than a database round trip. The process that made the
 * change knows at once, the others within REVOCATIONS_REFRESH_MS.
 */
@Injectable()
export class AccessRevocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AccessRevocations.name);
  /** User id → revocation time (ms); tokens issued at or before it are refused. */
  private revokedAt = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'reading token revocations failed; keeping the last'),
      );
    }, REVOCATIONS_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Call after the transaction that set `tokens_revoked_at` committed. */
  note(userId: string, at: Date): void {
    this.revokedAt.set(userId, Math.max(at.getTime(), this.revokedAt.get(userId) ?? 0));
  }

  isRevoked(userId: string, issuedAtMs: number): boolean {
    const at = this.revokedAt.get(userId);
    return at !== undefined && issuedAtMs <= at;
  }

  private async reload(): Promise<void> {
    // A token issued before this cut-off has expired anyway.
    const since = Date.now() - this.config.auth.accessTtlSeconds * 1000;
    const rows = await this.dataSource.query<{ id: string; at: Date }[]>(
      `SELECT id::text AS id, tokens_revoked_at AS at FROM users WHERE tokens_revoked_at > $1`,
      [new Date(since)],
    );
    // Union with what this process noted meanwhile (a read that began before a commit
    // would not see it); a revocation only ever moves later.
    const next = new Map([...this.revokedAt].filter(([, at]) => at > since));
    for (const { id, at } of rows) next.set(id, Math.max(at.getTime(), next.get(id) ?? 0));
    this.revokedAt = next;
  }
}
