import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import {
  bestTier,
  DegreeLevel,
  EducationForEligibility,
  EligibilityRule,
  evaluateEligibility,
  LocalizedText,
  parseEligibilityRule,
} from '@yunzhao/domain';
import { preparedQuery } from '@yunzhao/db';
import { ReferenceDataService } from '@yunzhao/reference-data';
import { DataSource } from 'typeorm';
import { ApplicationStatus } from './registration.entity';

export interface HistoryView {
  status: ApplicationStatus;
  actor: string;
  reason: string | null;
  occurredAt: string;
}

export interface ApplicationView {
  id: string;
  campaign: { id: string; name: string };
  category: { id: string; code: string; nameZh: string; nameEn: string };
  post: { id: string; code: string; title: string };
  status: ApplicationStatus;
  eligible: boolean;
  reasons: LocalizedText[];
  degree: DegreeLevel;
  universityName: string;
  universityTier: string;
  disciplineCode: string;
  decisionReason: string | null;
  submittedAt: string;
  updatedAt: string;
  history?: HistoryView[];
}

/** Columns and joins every application listing shares. */
export const APPLICATION_SELECT = `
  SELECT a.id, a.status, a.eligible, a.verdict_reasons, a.degree, a.university_name, a.university_tier,
         a.discipline_code, a.decision_reason, a.submitted_at, a.updated_at, a.candidate_id,
         c.id AS campaign_id, c.name AS campaign_name,
         cat.id AS category_id, cat.code AS category_code, cat.name_zh AS category_name_zh, cat.name_en AS category_name_en,
         p.id AS post_id, p.code AS post_code, p.title AS post_title
    FROM applications a
    JOIN campaigns c ON c.id = a.campaign_id
    JOIN posts p ON p.id = a.post_id
    JOIN campaign_categories cat ON cat.id = p.category_id`;

export interface ApplicationRow {
  id: string;
  status: ApplicationStatus;
  eligible: boolean;
  verdict_reasons: LocalizedText[];
  degree: DegreeLevel;
  university_name: string;
  university_tier: string;
  discipline_code: string;
  decision_reason: string | null;
  submitted_at: Date;
  updated_at: Date;
  candidate_id: string;
  campaign_id: string;
  campaign_name: string;
  category_id: string;
  category_code: string;
  category_name_zh: string;
  category_name_en: string;
  post_id: string;
  post_code: string;
  post_title: string;
}

export function toApplicationView(row: ApplicationRow): ApplicationView {
  return {
    id: row.id,
    campaign: { id: row.campaign_id, name: row.campaign_name },
    category: {
      id: row.category_id,
      code: row.category_code,
      nameZh: row.category_name_zh,
      nameEn: row.category_name_en,
    },
    post: { id: row.post_id, code: row.post_code, title: row.post_title },
    status: row.status,
    eligible: row.eligible,
    reasons: row.verdict_reasons,
    degree: row.degree,
    universityName: row.university_name,
    universityTier: row.university_tier,
    disciplineCode: row.discipline_code,
    decisionReason: row.decision_reason,
    submittedAt: new Date(row.submitted_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

interface EducationRow {
  degree: DegreeLevel;
  university_name: string;
  discipline_code: string;
}

interface PostWithCampaign {
  post_id: string;
  post_code: string;
  post_title: string;
  campaign_name: string;
  category_id: string;
  category_code: string;
  category_name_zh: string;
  category_name_en: string;
  degree_levels: DegreeLevel[];
  disciplines: string[];
  campaign_id: string;
  status: string;
  registration_opens_at: string;
  registration_closes_at: string;
  eligibility_rule: unknown;
}

/** "2026-12-01 09:00" in Beijing time (UTC+8, no daylight saving). */
export function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Submits (or, after a withdrawal, re-submits) the candidate's one
   * application in the post's campaign, with the automatic verdict. Two
   * prepared statements: one read of the post with its campaign and the
   * candidate's profile and education, one insert that also writes the
   * history row.
   */
  async submit(candidateId: string, postId: string, now = new Date()): Promise<ApplicationView> {
    // One round trip reads the post with its campaign and the candidate's education.
    const [read] = await preparedQuery<{
      target: PostWithCampaign | null;
      has_profile: boolean;
      education: EducationRow[] | null;
    }>(
      this.dataSource,
      `SELECT (SELECT row_to_json(t) FROM (
                 SELECT p.id AS post_id, p.code AS post_code, p.title AS post_title, p.degree_levels, p.disciplines,
                        c.id AS campaign_id, c.name AS campaign_name, c.status, c.registration_opens_at,
                        c.registration_closes_at, c.eligibility_rule, cat.id AS category_id, cat.code AS category_code,
                        cat.name_zh AS category_name_zh, cat.name_en AS category_name_en
                   FROM posts p JOIN campaigns c ON c.id = p.campaign_id
                   JOIN campaign_categories cat ON cat.id = p.category_id
                  WHERE p.id = $1) t) AS target,
              EXISTS (SELECT 1 FROM candidate_profiles WHERE user_id = $2) AS has_profile,
              (SELECT json_agg(json_build_object('degree', e.degree, 'university_name', e.university_name,
                                                 'discipline_code', e.discipline_code) ORDER BY e.created_at)
                 FROM education_records e WHERE e.user_id = $2) AS education`,
      [postId, candidateId],
    );
    const target = read.target;
    const education = read.has_profile ? await this.withTiers(read.education ?? []) : null;
    if (!target || target.status === 'draft' || target.status === 'archived')
      throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    if (target.status !== 'open')
      throw new AppException(ErrorCode.CampaignNotOpen, HttpStatus.UNPROCESSABLE_ENTITY);
    const opens = new Date(target.registration_opens_at);
    const closes = new Date(target.registration_closes_at);
    if (now < opens || now >= closes) {
      throw new AppException(ErrorCode.OutsideRegistrationWindow, HttpStatus.UNPROCESSABLE_ENTITY, {
        opensAt: beijingTime(opens),
        closesAt: beijingTime(closes),
        registrationOpensAt: opens.toISOString(),
        registrationClosesAt: closes.toISOString(),
      });
    }
    const rule = parseEligibilityRule(target.eligibility_rule);
    if (!rule.ok) throw new Error(`campaign ${target.campaign_id} has an invalid eligibility rule`);

    if (education === null || education.length === 0)
      throw new AppException(ErrorCode.ProfileIncomplete, HttpStatus.UNPROCESSABLE_ENTITY);
    const verdict = evaluateEligibility(rule.rule as EligibilityRule, education, {
      degreeLevels: target.degree_levels,
      disciplines: target.disciplines,
    });
    const decisive = education[verdict.decisiveRecord ?? 0];
    const actor = `user:${candidateId}`;
    const [created] = await preparedQuery<{
      id: string;
      updated_at: Date;
      occurred_at: Date;
      inserted: boolean;
    }>(
      this.dataSource,
      `WITH saved AS (
         INSERT INTO applications (campaign_id, post_id, candidate_id, status, eligible, verdict_reasons,
                                   degree, university_name, university_tier, discipline_code, submitted_at)
         VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT ON CONSTRAINT applications_candidate_campaign_key DO UPDATE
           SET post_id = EXCLUDED.post_id, status = 'submitted', eligible = EXCLUDED.eligible,
               verdict_reasons = EXCLUDED.verdict_reasons, degree = EXCLUDED.degree,
               university_name = EXCLUDED.university_name, university_tier = EXCLUDED.university_tier,
               discipline_code = EXCLUDED.discipline_code, decision_reason = NULL,
               submitted_at = EXCLUDED.submitted_at, updated_at = now()
           WHERE applications.status = 'withdrawn'
         RETURNING id, updated_at, (xmax = 0) AS inserted
       ), logged AS (
         INSERT INTO application_history (application_id, status, actor) SELECT id, 'submitted', $11 FROM saved
         RETURNING occurred_at
       )
       SELECT saved.id, saved.updated_at, saved.inserted, logged.occurred_at FROM saved, logged`,
      [
        target.campaign_id,
        postId,
        candidateId,
        verdict.eligible,
        JSON.stringify(verdict.reasons),
        decisive.degree,
        decisive.universityName,
        bestTier(decisive.universityTiers),
        decisive.disciplineCode,
        now,
        actor,
      ],
    );
    if (!created) throw new AppException(ErrorCode.ApplicationExists, HttpStatus.CONFLICT);
    const view = toApplicationView({
      ...target,
      id: created.id,
      status: 'submitted',
      eligible: verdict.eligible,
      verdict_reasons: verdict.reasons,
      degree: decisive.degree,
      university_name: decisive.universityName,
      university_tier: bestTier(decisive.universityTiers),
      discipline_code: decisive.disciplineCode,
      decision_reason: null,
      submitted_at: now,
      updated_at: created.updated_at,
      candidate_id: candidateId,
    });
    // A fresh insert has exactly one history entry; a re-submission after a withdrawal reads its whole list.
    const history: HistoryView[] = created.inserted
      ? [
          {
            status: 'submitted',
            actor,
            reason: null,
            occurredAt: new Date(created.occurred_at).toISOString(),
          },
        ]
      : await this.history(created.id);
    return { ...view, history };
  }

  private async withTiers(rows: EducationRow[]): Promise<EducationForEligibility[]> {
    return Promise.all(
      rows.map(async (row) => ({
        degree: row.degree,
        universityName: row.university_name,
        universityTiers: await this.reference.tiersOf(row.university_name),
        disciplineCode: row.discipline_code,
      })),
    );
  }

  async listOwn(candidateId: string): Promise<ApplicationView[]> {
    const rows = await this.dataSource.query<ApplicationRow[]>(
      `${APPLICATION_SELECT} WHERE a.candidate_id = $1 ORDER BY a.submitted_at DESC`,
      [candidateId],
    );
    return rows.map(toApplicationView);
  }

  async getOwn(candidateId: string, id: string): Promise<ApplicationView> {
    const [row] = await this.dataSource.query<ApplicationRow[]>(
      `${APPLICATION_SELECT} WHERE a.id = $1 AND a.candidate_id = $2`,
      [id, candidateId],
    );
    if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return { ...toApplicationView(row), history: await this.history(id) };
  }

  async history(applicationId: string): Promise<HistoryView[]> {
    const rows = await this.dataSource.query<
      { status: ApplicationStatus; actor: string; reason: string | null; occurred_at: Date }[]
    >(
      `SELECT status, actor, reason, occurred_at FROM application_history WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );
    return rows.map((r) => ({
      status: r.status,
      actor: r.actor,
      reason: r.reason,
      occurredAt: new Date(r.occurred_at).toISOString(),
    }));
  }

  /** Withdraws an application that has not been reviewed yet. */
  async withdraw(
    candidateId: string,
    id: string,
    reason: string | undefined,
  ): Promise<ApplicationView> {
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ status: ApplicationStatus }[]>(
        'SELECT status FROM applications WHERE id = $1 AND candidate_id = $2 FOR UPDATE',
        [id, candidateId],
      );
      if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      if (row.status !== 'submitted')
        throw new AppException(ErrorCode.ApplicationNotWithdrawable, HttpStatus.CONFLICT, {
          status: row.status,
        });
      const actor = `user:${candidateId}`;
      await tx.query(
        `UPDATE applications SET status = 'withdrawn', updated_at = now() WHERE id = $1`,
        [id],
      );
      await tx.query(
        `INSERT INTO application_history (application_id, status, actor, reason) VALUES ($1, 'withdrawn', $2, $3)`,
        [id, actor, reason?.trim() || null],
      );
      await this.audit.record(
        { actor, action: 'application.withdraw', subject: `application:${id}` },
        tx,
      );
    });
    return this.getOwn(candidateId, id);
  }
}
