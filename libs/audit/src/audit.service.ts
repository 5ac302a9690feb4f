import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  auditEntryHash,
  ChainBreak,
  findChainBreak,
  GENESIS_HASH,
  JsonValue,
} from '@yunzhao/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditRecord {
  /** `user:<id>`, `system` or `anonymous`. */
  actor: string;
  /** Dotted verb, e.g. `auth.login`, `user.create`. */
  action: string;
  /** What the action was about, e.g. `user:<id>`. */
  subject: string;
  details?: { [key: string]: JsonValue };
}

// Serialises appends so every entry links to the one before it.
const AUDIT_CHAIN_LOCK_KEY = 7_244_002;

export interface AuditVerification {
  entries: number;
  lastHash: string;
  broken: ChainBreak | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. Pass the transaction's manager so the entry commits (or
   * rolls back) together with the change it describes.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<AuditEntryEntity> {
    if (!manager) return this.dataSource.transaction((tx) => this.record(record, tx));
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [last] = await manager.query<{ hash: string }[]>(
      'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const prevHash = last?.hash ?? GENESIS_HASH;
    const occurredAt = new Date();
    const content = {
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      time: occurredAt.toISOString(),
      details: record.details ?? {},
    };
    const entry = manager.create(AuditEntryEntity, {
      actor: content.actor,
      action: content.action,
      subject: content.subject,
      occurredAt,
      details: content.details,
      prevHash,
      hash: auditEntryHash(prevHash, content),
    });
    return manager.save(entry);
  }

  async list(options: {
    limit: number;
    beforeSeq?: string;
    action?: string;
    subject?: string;
  }): Promise<AuditEntryEntity[]> {
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(options.limit);
    if (options.beforeSeq) query.andWhere('e.seq < :before', { before: options.beforeSeq });
    if (options.action) query.andWhere('e.action = :action', { action: options.action });
    if (options.subject) query.andWhere('e.subject = :subject', { subject: options.subject });
    return query.getMany();
  }

  verify(): Promise<AuditVerification> {
    return verifyAuditChain((sql, params) => this.dataSource.query(sql, params));
  }
}

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Re-hashes the whole log, a page at a time, and reports the first entry that
 * does not hold. Takes a bare query function so the CLI can run it with pg.
 */
export async function verifyAuditChain(query: Query, pageSize = 1000): Promise<AuditVerification> {
  let lastSeq = '0';
  let lastHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const rows = await query(
      'SELECT seq::text AS seq, actor, action, subject, occurred_at, details, prev_hash, hash FROM audit_log WHERE audit_log.seq > $1 ORDER BY audit_log.seq LIMIT $2',
      [lastSeq, pageSize],
    );
    if (rows.length === 0) return { entries, lastHash, broken: null };
    const page = rows.map((row) => ({
      seq: String(row.seq),
      actor: String(row.actor),
      action: String(row.action),
      subject: String(row.subject),
      time: new Date(row.occurred_at as string | Date).toISOString(),
      details: row.details as { [key: string]: JsonValue },
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
    }));
    const result = findChainBreak(page, lastHash);
    if (result.broken)
      return {
        entries: entries + page.findIndex((e) => e.seq === result.broken?.seq),
        lastHash: result.lastHash,
        broken: result.broken,
      };
    entries += page.length;
    lastHash = result.lastHash;
    lastSeq = page[page.length - 1].seq;
  }
}
