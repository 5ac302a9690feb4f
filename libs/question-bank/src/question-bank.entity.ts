import { InterviewSessionEntity } from '@yunzhao/sessions';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** One question bank per campaign; sealing fixes a SHA-256 commitment of its content. */
@Entity({ name: 'question_banks' })
@Unique('question_banks_campaign_key', ['campaignId'])
export class QuestionBankEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  /** Timekeeper warning before a question's time ends; null = QUESTION_WARNING_SECONDS. */
  @Column({ name: 'warning_seconds', type: 'integer', nullable: true })
  warningSeconds: number | null;

  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true })
  sealedAt: Date | null;

  @Column({ name: 'sealed_by', type: 'text', nullable: true })
  sealedBy: string | null;

  /** SHA-256 of the canonical content, set while sealed (and kept as history in the audit log). */
  @Column({ type: 'char', length: 64, nullable: true })
  commitment: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One question set (题本) of a discipline category. Only metadata is in clear text; the
 * questions, dimensions, timings and scoring guidance are one AES-256-GCM box in `content`.
 */
@Entity({ name: 'question_sets' })
@Unique('question_sets_campaign_code_key', ['campaignId', 'code'])
@Index('question_sets_pool', ['campaignId', 'categoryCode'])
export class QuestionSetEntity {
  /** Generated before encrypting: the id is bound into the ciphertext (AAD). */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'bank_id', type: 'uuid' })
  bankId: string;

  @ManyToOne(() => QuestionBankEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bank_id', foreignKeyConstraintName: 'question_sets_bank_fkey' })
  bank?: QuestionBankEntity;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'question_count', type: 'integer' })
  questionCount: number;

  @Column({ type: 'bytea' })
  content: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Which set a session drew. The unique key on the set makes reuse across sessions impossible
 * in the database itself, whatever the code does.
 */
@Entity({ name: 'question_set_uses' })
@Unique('question_set_uses_set_once', ['questionSetId'])
export class QuestionSetUseEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'question_set_uses_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'question_set_id', type: 'uuid' })
  questionSetId: string;

  @ManyToOne(() => QuestionSetEntity)
  @JoinColumn({ name: 'question_set_id', foreignKeyConstraintName: 'question_set_uses_set_fkey' })
  questionSet?: QuestionSetEntity;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode: string;

  @Column({ name: 'draw_record_id', type: 'uuid' })
  drawRecordId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The value the session's supervisor typed in: the draw's third public entropy source. */
@Entity({ name: 'question_draw_inputs' })
export class QuestionDrawInputEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'question_draw_inputs_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'supervisor_value', type: 'text' })
  supervisorValue: string;

  @Column({ name: 'entered_by', type: 'text' })
  enteredBy: string;

  @CreateDateColumn({ name: 'entered_at', type: 'timestamptz' })
  enteredAt: Date;
}

/** One question shown to one candidate (the chief reveals them one at a time). */
@Entity({ name: 'question_reveals' })
@Unique('question_reveals_once', ['sessionId', 'candidateId', 'questionIndex'])
export class QuestionRevealEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @Column({ name: 'question_index', type: 'integer' })
  questionIndex: number;

  @Column({ name: 'time_allowed_seconds', type: 'integer' })
  timeAllowedSeconds: number;

  @Column({ name: 'warning_seconds', type: 'integer' })
  warningSeconds: number;

  @CreateDateColumn({ name: 'revealed_at', type: 'timestamptz' })
  revealedAt: Date;

  @Column({ name: 'revealed_by', type: 'text' })
  revealedBy: string;
}
