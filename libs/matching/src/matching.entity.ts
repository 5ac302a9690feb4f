import { UserEntity } from '@yunzhao/accounts';
import { CampaignEntity } from '@yunzhao/campaigns';
import type { DrawRecord, MatchAlgorithm, MatchInput, MatchResult } from '@yunzhao/domain';
import { ApplicationEntity } from '@yunzhao/registration';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const POSITION_LEVELS = ['city', 'county'] as const;
export type PositionLevel = (typeof POSITION_LEVELS)[number];

export const HIRE_STATUSES = ['active', 'withdrawn'] as const;
export type HireStatus = (typeof HIRE_STATUSES)[number];

export const RUN_KINDS = ['full', 'backfill'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['draft', 'published', 'superseded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Per campaign: the hires' preference window, the list length and the frozen tie-break lot. */
@Entity({ name: 'matching_settings' })
@Check('matching_settings_max_check', 'max_preferences BETWEEN 1 AND 50')
@Check(
  'matching_settings_window_check',
  'preferences_open_at IS NULL OR preferences_close_at IS NULL OR preferences_close_at > preferences_open_at',
)
export class MatchingSettingsEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @OneToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'matching_settings_campaign_fkey' })
  campaign?: CampaignEntity;

  @Column({ name: 'preferences_open_at', type: 'timestamptz', nullable: true })
  preferencesOpenAt: Date | null;

  @Column({ name: 'preferences_close_at', type: 'timestamptz', nullable: true })
  preferencesCloseAt: Date | null;

  @Column({ name: 'max_preferences', type: 'integer', default: 5 })
  maxPreferences: number;

  /** The verifiable draw (libs/domain/src/draw) ordering hires of equal rank; null until drawn. */
  @Column({ type: 'jsonb', nullable: true })
  lot: DrawRecord | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An employer position (a concrete post in a city or county public institution). */
@Entity({ name: 'matching_positions' })
@Unique('matching_positions_campaign_code_key', ['campaignId', 'code'])
@Check('matching_positions_quota_check', 'quota >= 0')
@Check('matching_positions_level_check', "level IN ('city', 'county')")
export class MatchingPositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'matching_positions_campaign_fkey' })
  campaign?: CampaignEntity;

  /** Short reference unique within the campaign, e.g. LC-001. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  level: PositionLevel;

  /** Accepted 4-digit discipline codes (validated against the reference catalogue). */
  @Column({ type: 'text', array: true })
  disciplines: string[];

  @Column({ type: 'integer' })
  quota: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A candidate HR marked as hired in a campaign, with their final rank and discipline. */
@Entity({ name: 'matching_hires' })
@Unique('matching_hires_campaign_candidate_key', ['campaignId', 'candidateId'])
@Check('matching_hires_rank_check', 'rank >= 1')
@Check('matching_hires_status_check', "status IN ('active', 'withdrawn')")
export class MatchingHireEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'matching_hires_campaign_fkey' })
  campaign?: CampaignEntity;

  @Index('IDX_matching_hires_candidate_id')
  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'matching_hires_candidate_fkey' })
  candidate?: UserEntity;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'application_id',
    foreignKeyConstraintName: 'matching_hires_application_fkey',
  })
  application?: ApplicationEntity;

  /** Final score rank (1 is best); equal ranks are ordered by the lot. */
  @Column({ type: 'integer' })
  rank: number;

  /** 4-digit discipline code, from the application's education snapshot. */
  @Column({ name: 'discipline_code', type: 'text' })
  disciplineCode: string;

  @Column({ type: 'text', default: 'active' })
  status: HireStatus;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdraw_reason', type: 'text', nullable: true })
  withdrawReason: string | null;

  /** The hire's ranked wishes (position ids, most wanted first). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  preferences: string[];

  @Column({ name: 'preferences_updated_at', type: 'timestamptz', nullable: true })
  preferencesUpdatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export interface RunOverride {
  hire: string;
  from: string | null;
  to: string;
  choice: number;
  reason: string;
  by: string;
  at: string;
}

/** One stored matching run: the exact input, the result, HR's overrides and its publication. */
@Entity({ name: 'matching_runs' })
@Index('IDX_matching_runs_campaign', ['campaignId', 'createdAt'])
@Check('matching_runs_algorithm_check', "algorithm IN ('serial', 'optimal')")
@Check('matching_runs_kind_check', "kind IN ('full', 'backfill')")
@Check('matching_runs_status_check', "status IN ('draft', 'published', 'superseded')")
export class MatchingRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'matching_runs_campaign_fkey' })
  campaign?: CampaignEntity;

  @Column({ type: 'text' })
  algorithm: MatchAlgorithm;

  @Column({ type: 'text' })
  kind: RunKind;

  /** For a backfill: the published run it starts from. */
  @Column({ name: 'base_run_id', type: 'uuid', nullable: true })
  baseRunId: string | null;

  @ManyToOne(() => MatchingRunEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'base_run_id', foreignKeyConstraintName: 'matching_runs_base_run_fkey' })
  baseRun?: MatchingRunEntity;

  /** The exact algorithm input (hire and position ids are row ids; lots included). */
  @Column({ type: 'jsonb' })
  input: MatchInput;

  @Column({ type: 'jsonb' })
  result: MatchResult;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  overrides: RunOverride[];

  /** For a backfill: the hires whose withdrawal it fills. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  withdrawn: string[];

  @Column({ type: 'text', default: 'draft' })
  status: RunStatus;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}

export const MATCHING_ENTITIES = [
  MatchingSettingsEntity,
  MatchingPositionEntity,
  MatchingHireEntity,
  MatchingRunEntity,
];
