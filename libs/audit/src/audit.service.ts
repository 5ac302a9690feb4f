import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { canonicalJson, JsonValue } from '@yunzhao/domain';
import { DataSource, EntityManager } from 'typeorm';
import {
  AUDIT_CHAIN_BATCH,
  AuditVerification,
  chainAllPendingAuditEntries,
  chainAuditBatch,
  SqlQuery,
  verifyAuditChain,
} from './audit-chainer';
import { likePrefixPattern, userIdOfActor, userIdsOfActors } from './audit-actor';
import { AuditEntryEntity } from './audit-entry.entity';
import type { AuditActorUser, AuditEntryView } from './dto/audit-entry.view';

export interface AuditRecord {
  /** `user:<id>`, `system` or `anonymous`. */
  actor: string;
  /** Dotted verb, e.g. `auth.login`, `user.create`. */
  action: string;
  /** What the action was about, e.g. `user:<id>`. */
  subject: string;
  details?: { [key: string]: JsonValue };
}

export interface AuditListOptions {
  limit: number;
  beforeSeq?: string;
  action?: string;
  /** Every action starting with this text, taken literally. */
  actionPrefix?: string;
  subject?: string;
  /** One actor exactly as stored (`user:<id>`, `system`, `anonymous`). */
  actor?: string;
}

/** How soon after a local record() the chainer looks (its transaction has usually committed by then). */
const NUDGE_MS = 20;
/** How often the chainer looks anyway (entries written by other processes, slow commits). */
const POLL_MS = 500;

@Injectable()
export class AuditService
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  private readonly logger = new Logger(AuditService.name);
  private poll?: NodeJS.Timeout;
  private nudge?: NodeJS.Timeout;
  /** The chaining pass in progress in this process (passes never overlap here). */
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. Pass the transaction's manager so the entry commits (or
   * rolls back) together with the change it describes. The entry is linked
   * into the hash chain shortly after it commits (see audit-chainer.ts); no
   * lock is taken here, so audited writes do not wait for one another.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<AuditEntryEntity> {
    const occurredAt = new Date();
    const details = record.details ?? {};
    // Refuses what JSON cannot carry faithfully (NaN, functions) before it is written.
    canonicalJson(details);
    const [row] = await (manager ?? this.dataSource.manager).query<{ seq: string }[]>(
      `INSERT INTO audit_log (actor, action, subject, occurred_at, details)
       VALUES ($1, $2, $3, $4, $5) RETURNING seq::text AS seq`,
      [record.actor, record.action, record.subject, occurredAt, JSON.stringify(details)],
    );
    this.scheduleChain(NUDGE_MS);
    return Object.assign(new AuditEntryEntity(), {
      seq: row.seq,
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      occurredAt,
      details,
      chainPos: null,
      prevHash: null,
      hash: null,
    });
  }

  /**
   * A page of entries, newest first, each with the user its actor names (looked up in one
   * query for the whole page). Filters combine; see ListAuditQuery.
   */
  async list(options: AuditListOptions): Promise<AuditEntryView[]> {
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(options.limit);
    if (options.beforeSeq) query.andWhere('e.seq < :before', { before: options.beforeSeq });
    if (options.action) query.andWhere('e.action = :action', { action: options.action });
    if (options.actionPrefix)
      query.andWhere(`e.action LIKE :actionPattern ESCAPE '\\'`, {
        actionPattern: likePrefixPattern(options.actionPrefix),
      });
    if (options.subject) query.andWhere('e.subject = :subject', { subject: options.subject });
    if (options.actor) query.andWhere('e.actor = :actor', { actor: options.actor });
    const entries = await query.getMany();
    const users = await this.actorUsers(userIdsOfActors(entries.map((e) => e.actor)));
    return entries.map((e) => ({
      seq: e.seq,
      actor: e.actor,
      actorUser: users.get(userIdOfActor(e.actor) ?? '') ?? null,
      action: e.action,
      subject: e.subject,
      occurredAt: e.occurredAt.toISOString(),
      details: e.details,
      chainPos: e.chainPos,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }

  /** Links every entry committed so far into the chain, then re-hashes the whole chain. */
  async verify(): Promise<AuditVerification> {
    await this.flush();
    return verifyAuditChain((sql, params) => this.dataSource.query(sql, params));
  }

  /**
   * Links every entry committed before the call into the chain (waiting for
   * another process's chainer if it holds the lock). For verification, tests
   * and shutdown. Returns how many entries this call chained.
   */
  flush(): Promise<number> {
    return this.exclusive((query) => chainAllPendingAuditEntries(query));
  }

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => this.scheduleChain(0), POLL_MS);
    this.poll.unref();
    this.scheduleChain(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.nudge);
    await this.running;
  }

  /** Last pass before the connection pool closes, so nothing written here waits for another process. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.flush().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not chain the last audit entries on shutdown'),
    );
  }

  private scheduleChain(delayMs: number): void {
    if (this.stopped || this.nudge) return;
    this.nudge = setTimeout(() => {
      this.nudge = undefined;
      void this.exclusive(async (query) => {
        const chained = await chainAuditBatch(query);
        // A full batch means more are waiting; a busy lock means another process is on it.
        if (chained === AUDIT_CHAIN_BATCH) this.scheduleChain(0);
      }).catch((error: unknown) => {
        if (!this.stopped) this.logger.warn({ err: error }, 'audit chaining pass failed');
      });
    }, delayMs);
    this.nudge.unref();
  }

  /** Runs one chaining job on a connection of its own, after the previous one in this process. */
  private exclusive<T>(job: (query: SqlQuery) => Promise<T>): Promise<T> {
    const next = this.running.then(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        return await job((sql, params) => runner.query(sql, params));
      } finally {
        await runner.release();
      }
    });
    this.running = next.catch(() => undefined);
    return next;
  }

  /** The users behind some actors, by id: one query, whatever the number of ids. */
  private async actorUsers(ids: string[]): Promise<Map<string, AuditActorUser>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<AuditActorUser[]>(
      `SELECT id::text AS id, username, display_name AS "displayName" FROM users
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
