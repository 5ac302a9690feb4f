import { CampaignEntity } from '@yunzhao/campaigns';
import { InterviewSessionEntity } from '@yunzhao/sessions';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * How long a campaign keeps its recordings: `retentionDays` after each session ends, or until
 * `retainUntil` (e.g. the end of the hires' probation). No row, or neither field set, means the
 * deployment default (RECORDING_RETENTION_DAYS). A legal hold keeps everything of the campaign.
 */
@Entity({ name: 'recording_retention' })
@Check('recording_retention_one_rule_check', 'retention_days IS NULL OR retain_until IS NULL')
@Check('recording_retention_days_check', 'retention_days IS NULL OR retention_days > 0')
export class RecordingRetentionEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'campaign_id',
    foreignKeyConstraintName: 'recording_retention_campaign_fkey',
  })
  campaign?: CampaignEntity;

  @Column({ name: 'retention_days', type: 'int', nullable: true })
  retentionDays: number | null;

  @Column({ name: 'retain_until', type: 'timestamptz', nullable: true })
  retainUntil: Date | null;

  @Column({ name: 'legal_hold', type: 'boolean', default: false })
  legalHold: boolean;

  @Column({ name: 'hold_reason', type: 'text', nullable: true })
  holdReason: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A legal hold on one session's recordings: while the row exists nothing of it is deleted. */
@Entity({ name: 'recording_session_holds' })
export class RecordingSessionHoldEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'session_id',
    foreignKeyConstraintName: 'recording_session_holds_session_fkey',
  })
  session?: InterviewSessionEntity;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'placed_by', type: 'uuid' })
  placedBy: string;

  @Column({ name: 'placed_at', type: 'timestamptz', default: () => 'now()' })
  placedAt: Date;
}
