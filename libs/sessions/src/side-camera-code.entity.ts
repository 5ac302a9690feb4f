import { UserEntity } from '@yunzhao/accounts';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { InterviewSessionEntity } from './session.entity';

/** A one-time code that lets the candidate's phone join as their second camera (双机位). */
@Entity({ name: 'side_camera_codes' })
@Unique('side_camera_codes_hash_key', ['codeHash'])
export class SideCameraCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'side_camera_codes_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({
    name: 'candidate_id',
    foreignKeyConstraintName: 'side_camera_codes_candidate_fkey',
  })
  candidate?: UserEntity;

  /** SHA-256 of the code; the code itself is shown once and never stored. */
  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
