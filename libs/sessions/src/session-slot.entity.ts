import { UserEntity } from '@yunzhao/accounts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { InterviewSessionEntity } from './session.entity';

/**
 * A candidate's place in a session. `campaign_id` is copied from the session so the database
 * itself keeps a candidate to one session per campaign.
 */
@Entity({ name: 'session_slots' })
@Unique('session_slots_one_per_campaign', ['campaignId', 'candidateId'])
@Check('session_slots_position_check', 'position >= 1')
@Index('session_slots_session', ['sessionId', 'position'])
export class SessionSlotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_slots_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Index('session_slots_candidate')
  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'session_slots_candidate_fkey' })
  candidate?: UserEntity;

  /** 1-based interview order; final once the order has been drawn. */
  @Column({ type: 'integer' })
  position: number;
}
