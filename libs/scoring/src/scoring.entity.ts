import type { AggregationMethod, ExaminerMarks, ScoreAggregate } from '@yunzhao/domain';
import { CampaignEntity } from '@yunzhao/campaigns';
import { InterviewSessionEntity } from '@yunzhao/sessions';
import {
  Check,
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
  ValueTransformer,
} from 'typeorm';

/** A rubric dimension as stored: the domain's dimension plus an English label and optional bands. */
export interface StoredDimension {
  key: string;
  label: string;
  labelEn: string;
  max: number;
  /** Descriptive bands (e.g. 好 / 中 / 差) with their point ranges, shown to examiners. */
  bands: { label: string; min: number; max: number }[];
}

/** numeric(7,2) arrives from pg as a string; scores are two-decimal numbers everywhere else. */
const twoDecimals: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** The score sheet of one campaign and category; category '*' is the campaign's default. */
@Entity({ name: 'scoring_rubrics' })
@Unique('scoring_rubrics_campaign_category', ['campaignId', 'categoryCode'])
export class ScoringRubricEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'scoring_rubrics_campaign_fkey' })
  campaign?: CampaignEntity;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode: string;

  @Column({ type: 'jsonb' })
  dimensions: StoredDimension[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Per-campaign scoring settings: which aggregate the campaign announces. */
@Entity({ name: 'scoring_settings' })
@Check(
  'scoring_settings_method_check',
  "aggregation_method IN ('total-trimmed-mean', 'per-dimension-trimmed-mean')",
)
export class ScoringSettingsEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'scoring_settings_campaign_fkey' })
  campaign?: CampaignEntity;

  @Column({ name: 'aggregation_method', type: 'text', default: 'total-trimmed-mean' })
  aggregationMethod: AggregationMethod;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type SheetStatus = 'draft' | 'submitted';

/** One examiner's marks for one candidate of one session. */
@Entity({ name: 'score_sheets' })
@Unique('score_sheets_one_per_examiner', ['sessionId', 'candidateId', 'examinerId'])
@Check('score_sheets_status_check', "status IN ('draft', 'submitted')")
export class ScoreSheetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'score_sheets_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @Column({ name: 'examiner_id', type: 'uuid' })
  examinerId: string;

  @Column({ name: 'rubric_id', type: 'uuid' })
  rubricId: string;

  @ManyToOne(() => ScoringRubricEntity)
  @JoinColumn({ name: 'rubric_id', foreignKeyConstraintName: 'score_sheets_rubric_fkey' })
  rubric?: ScoringRubricEntity;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  marks: Record<string, number>;

  @Column({ type: 'text', default: 'draft' })
  status: SheetStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A published score: once per candidate and session, with everything it was computed from. */
@Entity({ name: 'score_publications' })
@Unique('score_publications_once', ['sessionId', 'candidateId'])
@Index('score_publications_campaign', ['campaignId', 'categoryCode'])
export class ScorePublicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'score_publications_session_fkey' })
  session?: InterviewSessionEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode: string;

  /** The rubric as it was when published. */
  @Column({ type: 'jsonb' })
  rubric: StoredDimension[];

  @Column({ type: 'text' })
  method: AggregationMethod;

  /** Every examiner's submitted marks: the inputs of `result`. */
  @Column({ type: 'jsonb' })
  sheets: ExaminerMarks[];

  @Column({ type: 'jsonb' })
  result: ScoreAggregate;

  @Column({
    name: 'final_score',
    type: 'numeric',
    precision: 7,
    scale: 2,
    transformer: twoDecimals,
  })
  finalScore: number;

  @Column({ name: 'announcement_zh', type: 'text' })
  announcementZh: string;

  @Column({ name: 'announcement_en', type: 'text' })
  announcementEn: string;

  @Column({ name: 'published_by', type: 'uuid' })
  publishedBy: string;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'confirmed_by', type: 'uuid', nullable: true })
  confirmedBy: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}

/**
 * A correction of a published score: a new record with corrected marks and a reason. It takes
 * effect (approved_at) only once both the chief examiner and a supervisor of the session approve.
 */
@Entity({ name: 'score_corrections' })
@Index('score_corrections_publication', ['publicationId', 'requestedAt'])
export class ScoreCorrectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'publication_id', type: 'uuid' })
  publicationId: string;

  @ManyToOne(() => ScorePublicationEntity)
  @JoinColumn({
    name: 'publication_id',
    foreignKeyConstraintName: 'score_corrections_publication_fkey',
  })
  publication?: ScorePublicationEntity;

  @Column({ type: 'text' })
  reason: string;

  /** The full corrected set of sheets (the publication's, with the corrected ones replaced). */
  @Column({ type: 'jsonb' })
  sheets: ExaminerMarks[];

  @Column({ type: 'jsonb' })
  result: ScoreAggregate;

  @Column({
    name: 'previous_score',
    type: 'numeric',
    precision: 7,
    scale: 2,
    transformer: twoDecimals,
  })
  previousScore: number;

  @Column({
    name: 'final_score',
    type: 'numeric',
    precision: 7,
    scale: 2,
    transformer: twoDecimals,
  })
  finalScore: number;

  @Column({ name: 'announcement_zh', type: 'text' })
  announcementZh: string;

  @Column({ name: 'announcement_en', type: 'text' })
  announcementEn: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'chief_approved_by', type: 'uuid', nullable: true })
  chiefApprovedBy: string | null;

  @Column({ name: 'chief_approved_at', type: 'timestamptz', nullable: true })
  chiefApprovedAt: Date | null;

  @Column({ name: 'supervisor_approved_by', type: 'uuid', nullable: true })
  supervisorApprovedBy: string | null;

  @Column({ name: 'supervisor_approved_at', type: 'timestamptz', nullable: true })
  supervisorApprovedAt: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;
}

export const SCORING_ENTITIES = [
  ScoringRubricEntity,
  ScoringSettingsEntity,
  ScoreSheetEntity,
  ScorePublicationEntity,
  ScoreCorrectionEntity,
];
