import { UserEntity } from '@yunzhao/accounts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const NOTIFICATION_CHANNELS = ['email', 'in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * A message to deliver, written in the same transaction as the change it announces. The worker
 * relays unsent rows to the `notifications` queue (job id = row id), so a queue lost with Redis
 * is rebuilt from here. `email` rows are mailed and also put in the in-app inbox.
 */
@Entity({ name: 'notifications_outbox' })
@Check('notifications_outbox_channel_check', "channel IN ('email', 'in_app')")
@Index('notifications_outbox_pending', ['sentAt', 'createdAt'])
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  channel: NotificationChannel;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'recipient_id',
    foreignKeyConstraintName: 'notifications_outbox_recipient_fkey',
  })
  recipient?: UserEntity;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Last time the relay handed it to the queue (it may do so again until it is sent). */
  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
