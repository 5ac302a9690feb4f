import { UserEntity } from '@yunzhao/accounts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { RecusalReason } from './session-rules';
import { InterviewSessionEntity } from './session.entity';

/** A declared conflict of interest: the examiner does not score this candidate. */
@Entity({ name: 'session_recusals' })
@Unique('session_recusals_pair', ['sessionId', 'examinerId', 'candidateId'])
@Check('session_recusals_reason_check', "reason IN ('same_institution', 'relative', 'other')")
export class RecusalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_recusals_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'examiner_id', type: 'uuid' })
  examinerId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'examiner_id', foreignKeyConstraintName: 'session_recusals_examiner_fkey' })
  examiner?: UserEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({
    name: 'candidate_id',
    foreignKeyConstraintName: 'session_recusals_candidate_fkey',
  })
  candidate?: UserEntity;

  @Column({ type: 'text' })
  reason: RecusalReason;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The user who declared it: the examiner, or HR on their behalf. */
  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
