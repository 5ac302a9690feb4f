import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** What a draw is for; the question draw adds 'question_set' for the same session. */
export type DrawPurpose = 'interview_order' | 'question_set';

/**
 * A commit-reveal draw. The row is created with a fresh secret whose commitment is published
 * at once; sources, items and result are filled in by the draw, and only then is the secret
 * shown. With all fields present, anyone can re-run the draw (verifyDrawRecord).
 */
@Entity({ name: 'draw_records' })
@Unique('draw_records_one_per_purpose', ['purpose', 'subjectId'])
export class DrawRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  purpose: DrawPurpose;

  /** The session the draw belongs to. */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  algorithm: string;

  @Column({ type: 'char', length: 64 })
  commitment: string;

  @Column({ type: 'char', length: 64 })
  secret: string;

  @Column({ type: 'jsonb', nullable: true })
  sources: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  items: string[] | null;

  @Column({ type: 'integer', nullable: true })
  count: number | null;

  @Column({ type: 'jsonb', nullable: true })
  result: string[] | null;

  @Column({ name: 'drawn_at', type: 'timestamptz', nullable: true })
  drawnAt: Date | null;

  /** Audit actor (`user:<id>`) of whoever triggered the draw. */
  @Column({ name: 'drawn_by', type: 'text', nullable: true })
  drawnBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
