import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One row of the append-only, hash-chained audit log. Entries are written
 * unchained in the business transaction; the chainer then fills `chainPos`,
 * `prevHash` and `hash` once, in commit-visibility order. A trigger refuses
 * every other UPDATE, and all DELETEs; `hash` covers `prev_hash` and the
 * canonical content.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_subject', ['subject', 'seq'])
@Index('audit_log_action', ['action', 'seq'])
@Index('audit_log_unchained', ['seq'], { where: 'chain_pos IS NULL' })
@Unique('audit_log_hash_key', ['hash'])
@Unique('audit_log_chain_pos_key', ['chainPos'])
@Check(
  'audit_log_chained_check',
  '(chain_pos IS NULL AND prev_hash IS NULL AND hash IS NULL) OR (chain_pos IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL)',
)
export class AuditEntryEntity {
  /** bigint arrives as a string from pg: sequence numbers can outgrow 2^53. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  /** Place in the chain (1, 2, …); null until the chainer has linked the entry. */
  @Column({ name: 'chain_pos', type: 'bigint', nullable: true })
  chainPos: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash: string | null;
}
