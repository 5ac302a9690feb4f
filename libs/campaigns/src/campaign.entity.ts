import type { DegreeLevel, EligibilityRule } from '@yunzhao/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** One recruitment drive; the platform runs them one after another. */
@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', default: '' })
  announcement: string;

  @Column({ name: 'registration_opens_at', type: 'timestamptz' })
  registrationOpensAt: Date;

  @Column({ name: 'registration_closes_at', type: 'timestamptz' })
  registrationClosesAt: Date;

  @Column({ name: 'interview_starts_at', type: 'timestamptz', nullable: true })
  interviewStartsAt: Date | null;

  @Column({ name: 'interview_ends_at', type: 'timestamptz', nullable: true })
  interviewEndsAt: Date | null;

  @Column({ type: 'text', default: 'draft' })
  status: CampaignStatus;

  /** Data, not code: see libs/domain/src/eligibility/rules.ts. */
  @Column({ name: 'eligibility_rule', type: 'jsonb' })
  eligibilityRule: EligibilityRule;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A discipline category (学科门类) a campaign recruits in, e.g. 08 工学. */
@Entity({ name: 'campaign_categories' })
@Unique('campaign_categories_campaign_code_key', ['campaignId', 'code'])
export class CampaignCategoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'campaign_id',
    foreignKeyConstraintName: 'campaign_categories_campaign_id_fkey',
  })
  campaign?: CampaignEntity;

  /** 2-digit category code of the catalogue. */
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;
}

/** A post (岗位): a quota within a category, not tied to a named employer. */
@Entity({ name: 'posts' })
@Unique('posts_campaign_code_key', ['campaignId', 'code'])
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'posts_campaign_id_fkey' })
  campaign?: CampaignEntity;

  @Index('IDX_posts_category_id')
  @Column({ name: 'category_id', type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => CampaignCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'posts_category_id_fkey' })
  category?: CampaignCategoryEntity;

  /** Short reference shown to candidates, unique within the campaign, e.g. SC-08-001. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer' })
  quota: number;

  /** Empty: any degree level the campaign rule accepts. */
  @Column({ name: 'degree_levels', type: 'text', array: true, default: () => "'{}'" })
  degreeLevels: DegreeLevel[];

  /** 4-digit discipline codes and/or whole 2-digit categories; empty: any. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  disciplines: string[];

  @Column({ type: 'text', default: '' })
  requirements: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
