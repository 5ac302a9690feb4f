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
import type { StaffRole } from './session-rules';
import { InterviewSessionEntity } from './session.entity';

/** A person's part in one session (chief, examiner, clerk, supervisor, proctor). */
@Entity({ name: 'session_participants' })
@Unique('session_participants_one_role', ['sessionId', 'userId'])
@Check(
  'session_participants_role_check',
  "role IN ('chief_examiner', 'examiner', 'score_clerk', 'supervisor', 'proctor')",
)
export class SessionParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_participants_session_fkey' })
  session?: InterviewSessionEntity;

  @Index('session_participants_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'session_participants_user_fkey' })
  user?: UserEntity;

  @Column({ type: 'text' })
  role: StaffRole;
}
