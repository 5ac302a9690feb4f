import { UserEntity } from '@yunzhao/accounts';
import { CampaignEntity, PostEntity } from '@yunzhao/campaigns';
import type { BestTier, DegreeLevel, LocalizedText } from '@yunzhao/domain';
import {
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

/**
 * A candidate's personal details. The ID number and phone are stored in full
 * (the owner and, on the detail view, HR need them) and masked everywhere else.
 */
@Entity({ name: 'candidate_profiles' })
@Unique('candidate_profiles_id_number_key', ['idNumber'])
export class CandidateProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'candidate_profiles_user_id_fkey' })
  user?: UserEntity;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  /** Normalised (upper-case X), GB 11643-1999 valid. */
  @Column({ name: 'id_number', type: 'text' })
  idNumber: string;

  /** Derived from the ID number. */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ type: 'text' })
  sex: 'male' | 'female';

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'education_records' })
export class EducationRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_education_records_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'education_records_user_id_fkey' })
  user?: UserEntity;

  @Column({ type: 'text' })
  degree: DegreeLevel;

  @Column({ name: 'university_name', type: 'text' })
  universityName: string;

  /** 4-digit discipline code (一级学科 or professional category). */
  @Column({ name: 'discipline_code', type: 'text' })
  disciplineCode: string;

  @Column({ type: 'text', default: '' })
  major: string;

  @Column({ name: 'graduation_date', type: 'date' })
  graduationDate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const DOCUMENT_KINDS = ['degree_certificate', 'id_card', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** An uploaded file: bytes on disk under STORAGE_DIR, metadata and SHA-256 here. */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_documents_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'documents_user_id_fkey' })
  user?: UserEntity;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  /** Detected from the content, never taken from the client. */
  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Path relative to STORAGE_DIR. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const APPLICATION_STATUSES = ['submitted', 'withdrawn', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * One candidate's application in one campaign (unique), to one post, with the
 * automatic eligibility verdict and a snapshot of the decisive education record
 * (so HR can filter by degree and tier without recomputing).
 */
@Entity({ name: 'applications' })
@Unique('applications_candidate_campaign_key', ['candidateId', 'campaignId'])
@Index('IDX_applications_campaign_status', ['campaignId', 'status'])
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'applications_campaign_id_fkey' })
  campaign?: CampaignEntity;

  @Index('IDX_applications_post_id')
  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'applications_post_id_fkey' })
  post?: PostEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'applications_candidate_id_fkey' })
  candidate?: UserEntity;

  @Column({ type: 'text' })
  status: ApplicationStatus;

  @Column({ type: 'boolean' })
  eligible: boolean;

  @Column({ name: 'verdict_reasons', type: 'jsonb' })
  verdictReasons: LocalizedText[];

  @Column({ type: 'text' })
  degree: DegreeLevel;

  @Column({ name: 'university_name', type: 'text' })
  universityName: string;

  @Column({ name: 'university_tier', type: 'text' })
  universityTier: BestTier;

  @Column({ name: 'discipline_code', type: 'text' })
  disciplineCode: string;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Every status an application went through, with who and why. */
@Entity({ name: 'application_history' })
export class ApplicationHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('IDX_application_history_application_id')
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'application_id',
    foreignKeyConstraintName: 'application_history_application_id_fkey',
  })
  application?: ApplicationEntity;

  @Column({ type: 'text' })
  status: ApplicationStatus;

  /** `user:<id>` as in the audit log. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}
