import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event of an interview session's live room (entry, exit, call-in,
 * send-back, end of turn, …), written by the media node as it happens.
 */
@Entity({ name: 'session_timeline' })
@Index('session_timeline_session', ['sessionId', 'seq'])
export class SessionTimelineEntryEntity {
  /** bigint arrives as a string from pg. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ type: 'text' })
  type: string;

  /** Null for events the system causes (a worker dying, a grace period running out). */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  occurredAt: Date;
}
