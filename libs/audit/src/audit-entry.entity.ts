import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One row of the append-only, hash-chained audit log. A trigger refuses
 * UPDATE and DELETE; `hash` covers `prev_hash` and the canonical content.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_subject', ['subject', 'seq'])
@Index('audit_log_action', ['action', 'seq'])
@Unique('audit_log_hash_key', ['hash'])
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

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
