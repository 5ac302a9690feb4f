import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode, RoomPublication, ScoreAnnouncement } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import {
  aggregateScores,
  AggregationMethod,
  announcementText,
  ExaminerMarks,
  ScoreAggregate,
  validateMarks,
} from '@yunzhao/domain';
import { TimelineService } from '@yunzhao/timeline';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { RequestCorrectionDto } from './dto/scoring.dto';
import { MarkingContext, MarksService } from './marks.service';
import { asRubric, RubricsService } from './rubrics.service';
import {
  CHECKING_ROLES,
  forbidden,
  isOrganiser,
  notFound,
  ROOM_FEED_PARTS,
  ScoringPart,
} from './scoring-access';
import { ScoreBroadcaster } from './score-broadcaster.service';
import { ScoreCorrectionEntity, ScorePublicationEntity, StoredDimension } from './scoring.entity';
import { isUniqueViolation, preparedQuery } from '@yunzhao/db';

export interface ScorePreview {
  complete: boolean;
  /** Markers who have not submitted yet. */
  missing: { examinerId: string; name: string }[];
  method: AggregationMethod;
  result: ScoreAggregate | null;
  announcement: ScoreAnnouncement | null;
}

export interface CorrectionView {
  id: string;
  reason: string;
  previousScore: number;
  finalScore: number;
  announcement: ScoreAnnouncement;
  requestedBy: string;
  requestedAt: string;
  chiefApprovedBy: string | null;
  chiefApprovedAt: string | null;
  supervisorApprovedBy: string | null;
  supervisorApprovedAt: string | null;
  status: 'pending' | 'approved';
  approvedAt: string | null;
  result?: ScoreAggregate;
}

export interface PublicationView {
  id: string;
  sessionId: string;
  candidateId: string;
  slot: number | null;
  method: AggregationMethod;
  /** The score as first published. */
  publishedScore: number;
  /** The latest approved correction's score, or the published one. */
  currentScore: number;
  corrected: boolean;
  announcement: ScoreAnnouncement;
  publishedBy: string;
  publishedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** Inputs and computation; not shown to the candidate (they name the examiners). */
  rubric?: StoredDimension[];
  sheets?: ExaminerMarks[];
  /** The sheets in force (after the latest approved correction): what a new correction edits. */
  currentSheets?: ExaminerMarks[];
  result?: ScoreAggregate;
  corrections: CorrectionView[];
}

interface MarkerState {
  examinerId: string;
  name: string;
  status: 'draft' | 'submitted' | null;
  marks: Record<string, number> | null;
}

const announce = (result: ScoreAggregate): ScoreAnnouncement => ({
  'zh-CN': announcementText(result, 'zh-CN'),
  en: announcementText(result, 'en'),
});

/** Checking, publishing, the supervisor's confirmation and corrections of published scores. */
@Injectable()
export class PublicationsService {
  private readonly logger = new Logger(PublicationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly marks: MarksService,
    private readonly rubrics: RubricsService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly broadcaster: ScoreBroadcaster,
  ) {}

  /** What publishing now would announce; the chief examiner and the score clerk only. */
  async preview(sessionId: string, candidateId: string, user: AuthUser): Promise<ScorePreview> {
    await this.requirePart(sessionId, user, CHECKING_ROLES);
    const context = await this.marks.context(sessionId, candidateId);
    return this.compute(context);
  }

  /** The score clerk's (or chief's) check before publication, kept in the audit log. */
  async check(sessionId: string, candidateId: string, user: AuthUser): Promise<ScorePreview> {
    const preview = await this.preview(sessionId, candidateId, user);
    await this.audit.record({
      actor: actorOf(user),
      action: 'score.check',
      subject: `session:${sessionId}`,
      details: {
        candidateId,
        complete: preview.complete,
        missing: preview.missing.map((m) => m.examinerId),
        finalScore: preview.result?.finalScore ?? null,
      },
    });
    return preview;
  }

  /**
   * The chief examiner publishes once; the room hears it within the same second. Everything
   * publication needs is read in one statement (see `publishInputs`): this is the path the
   * latency goal is measured on.
   */
  async publish(sessionId: string, candidateId: string, user: AuthUser): Promise<PublicationView> {
    let saved: ScorePublicationEntity;
    let slot: number;
    try {
      [saved, slot] = await this.dataSource.transaction(async (tx) => {
        const inputs = await this.publishInputs(tx, sessionId, candidateId, user.id);
        const missing = inputs.markers
          .filter((marker) => marker.status !== 'submitted')
          .map(({ examinerId, name }) => ({ examinerId, name }));
        if (missing.length > 0 || inputs.markers.length === 0) {
          throw new AppException(ErrorCode.ScoringPanelIncomplete, HttpStatus.CONFLICT, {
            missing,
          });
        }
        const sheets: ExaminerMarks[] = inputs.markers.map(({ examinerId, marks }) => ({
          examinerId,
          marks: marks ?? {},
        }));
        const result = aggregateScores(asRubric(inputs.rubric.dimensions), sheets, inputs.method);
        const announcement = announce(result);
        const publication = await tx.save(
          tx.create(ScorePublicationEntity, {
            sessionId,
            candidateId,
            campaignId: inputs.campaignId,
            categoryCode: inputs.categoryCode,
            rubric: inputs.rubric.dimensions,
            method: inputs.method,
            sheets,
            result,
            finalScore: result.finalScore,
            announcementZh: announcement['zh-CN'],
            announcementEn: announcement.en,
            publishedBy: user.id,
          }),
        );
        await this.audit.record(
          {
            actor: actorOf(user),
            action: 'score.publish',
            subject: `session:${sessionId}`,
            details: {
              publicationId: publication.id,
              candidateId,
              method: inputs.method,
              finalScore: result.finalScore,
              totals: result.totals.map((t) => ({ examinerId: t.examinerId, total: t.total })),
              announcement: announcement['zh-CN'],
            },
          },
          tx,
        );
        return [publication, inputs.slot] as const;
      });
    } catch (error) {
      // Two publish clicks racing: the loser meets the unique constraint.
      if (isUniqueViolation(error)) {
        throw new AppException(ErrorCode.ScoringAlreadyPublished, HttpStatus.CONFLICT);
      }
      throw error;
    }
    this.broadcaster.published({
      publicationId: saved.id,
      sessionId,
      candidateUserId: candidateId,
      slot,
      finalScore: saved.finalScore,
      examinerCount: saved.result.examinerCount,
      announcement: { 'zh-CN': saved.announcementZh, en: saved.announcementEn },
      publishedAt: saved.publishedAt.toISOString(),
    });
    await this.recordTimeline(sessionId, 'score.published', user.id, {
      publicationId: saved.id,
      candidateId,
      finalScore: saved.finalScore,
    });
    return this.view(saved, [], slot, true);
  }

  /**
   * The caller's part, the candidate's slot, the rubric, the method, whether it is already
   * published and every non-recused marker's sheet: one round trip instead of a dozen. Refuses
   * in the same order as the rest of the service (404, 403, 422, 409).
   */
  private async publishInputs(
    tx: EntityManager,
    sessionId: string,
    candidateId: string,
    userId: string,
  ) {
    const [row] = await preparedQuery<{
      campaignId: string;
      categoryCode: string;
      callerRole: string | null;
      slot: number | null;
      rubric: { id: string; dimensions: StoredDimension[] } | null;
      method: AggregationMethod;
      published: boolean;
      markers: MarkerState[] | null;
    }>(
      tx,
      `SELECT s.campaign_id AS "campaignId", s.category_code AS "categoryCode",
              (SELECT role FROM session_participants WHERE session_id = s.id AND user_id = $3) AS "callerRole",
              sl.position AS slot,
              (SELECT json_build_object('id', r.id, 'dimensions', r.dimensions) FROM scoring_rubrics r
                WHERE r.campaign_id = s.campaign_id AND r.category_code IN (s.category_code, '*')
                ORDER BY r.category_code = '*' LIMIT 1) AS rubric,
              COALESCE((SELECT aggregation_method FROM scoring_settings
                         WHERE campaign_id = s.campaign_id), 'total-trimmed-mean') AS method,
              EXISTS (SELECT 1 FROM score_publications
                       WHERE session_id = s.id AND candidate_id = $2) AS published,
              (SELECT json_agg(json_build_object('examinerId', p.user_id, 'name', u.display_name,
                                                 'status', sh.status, 'marks', sh.marks)
                               ORDER BY p.user_id)
                 FROM session_participants p
                 JOIN users u ON u.id = p.user_id
                 LEFT JOIN score_sheets sh ON sh.session_id = p.session_id
                      AND sh.candidate_id = $2 AND sh.examiner_id = p.user_id
                WHERE p.session_id = s.id AND p.role IN ('chief_examiner', 'examiner')
                  AND NOT EXISTS (SELECT 1 FROM session_recusals rc WHERE rc.session_id = s.id
                                  AND rc.examiner_id = p.user_id AND rc.candidate_id = $2)) AS markers
         FROM interview_sessions s
         LEFT JOIN session_slots sl ON sl.session_id = s.id AND sl.candidate_id = $2
        WHERE s.id = $1`,
      [sessionId, candidateId, userId],
    );
    if (!row) throw notFound();
    if (row.callerRole !== 'chief_examiner') throw forbidden();
    if (row.slot === null) {
      throw new AppException(
        ErrorCode.ScoringCandidateNotInSession,
        HttpStatus.UNPROCESSABLE_ENTITY,
        { candidateId },
      );
    }
    if (!row.rubric) {
      throw new AppException(ErrorCode.ScoringRubricMissing, HttpStatus.UNPROCESSABLE_ENTITY, {
        campaignId: row.campaignId,
        categoryCode: row.categoryCode,
      });
    }
    if (row.published) {
      throw new AppException(ErrorCode.ScoringAlreadyPublished, HttpStatus.CONFLICT);
    }
    return { ...row, slot: row.slot, rubric: row.rubric, markers: row.markers ?? [] };
  }

  /** A supervisor of the session confirms the publication; the room is told. */
  async confirm(sessionId: string, candidateId: string, user: AuthUser): Promise<PublicationView> {
    const confirmed = await this.dataSource.transaction(async (tx) => {
      await this.requirePart(sessionId, user, ['supervisor'], tx);
      const publication = await tx.findOne(ScorePublicationEntity, {
        where: { sessionId, candidateId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!publication) throw new AppException(ErrorCode.ScoringNotPublished, HttpStatus.CONFLICT);
      if (publication.confirmedAt) {
        throw new AppException(ErrorCode.ScoringAlreadyConfirmed, HttpStatus.CONFLICT);
      }
      publication.confirmedBy = user.id;
      publication.confirmedAt = new Date();
      const saved = await tx.save(publication);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'score.confirm',
          subject: `session:${sessionId}`,
          details: { publicationId: saved.id, candidateId, finalScore: saved.finalScore },
        },
        tx,
      );
      return saved;
    });
    const supervisor = await this.dataSource.getRepository(UserEntity).findOneBy({ id: user.id });
    this.broadcaster.confirmed({
      publicationId: confirmed.id,
      sessionId,
      candidateUserId: candidateId,
      supervisorName: supervisor?.displayName ?? user.username,
      confirmedAt: (confirmed.confirmedAt as Date).toISOString(),
    });
    await this.recordTimeline(sessionId, 'score.confirmed', user.id, {
      publicationId: confirmed.id,
      candidateId,
    });
    return this.get(sessionId, candidateId, user);
  }

  /** The publication with its history: for the session's staff, organisers and the candidate. */
  async get(sessionId: string, candidateId: string, user: AuthUser): Promise<PublicationView> {
    const part = await this.marks.partOf(sessionId, user.id);
    const isCandidate = part === 'candidate' && user.id === candidateId;
    // Proctors run the waiting room: the panel's sheets are none of their business.
    const isStaff = part !== null && part !== 'candidate' && part !== 'proctor';
    if (!isCandidate && !isStaff && !isOrganiser(user)) {
      await this.marks.sessionOrNotFound(sessionId);
      throw forbidden();
    }
    const publication = await this.dataSource
      .getRepository(ScorePublicationEntity)
      .findOneBy({ sessionId, candidateId });
    if (!publication) throw new AppException(ErrorCode.ScoringNotPublished, HttpStatus.NOT_FOUND);
    const corrections = await this.dataSource.getRepository(ScoreCorrectionEntity).find({
      where: { publicationId: publication.id },
      order: { requestedAt: 'ASC' },
    });
    const slot = await this.dataSource.query<{ position: number }[]>(
      'SELECT position FROM session_slots WHERE session_id = $1 AND candidate_id = $2',
      [sessionId, candidateId],
    );
    return this.view(publication, corrections, slot[0]?.position ?? null, !isCandidate);
  }

  /**
   * The session's published scores as the room announced them, for a room page that (re)joins:
   * the panel, the score clerk and supervisors get every one (the room's copy), a candidate only
   * their own (the candidate's copy). Confirmations and approved corrections come with them;
   * nothing unpublished and no examiner's marks.
   */
  async forRoom(sessionId: string, user: AuthUser): Promise<RoomPublication[]> {
    const part = await this.requirePart(sessionId, user, ROOM_FEED_PARTS);
    const isCandidate = part === 'candidate';
    const publications = await this.dataSource.getRepository(ScorePublicationEntity).find({
      select: {
        id: true,
        sessionId: true,
        candidateId: true,
        finalScore: true,
        result: true,
        announcementZh: true,
        announcementEn: true,
        publishedAt: true,
        confirmedBy: true,
        confirmedAt: true,
      },
      where: isCandidate ? { sessionId, candidateId: user.id } : { sessionId },
      order: { publishedAt: 'ASC', id: 'ASC' },
    });
    if (publications.length === 0) return [];
    const confirmers = [
      ...new Set(publications.flatMap((p) => (p.confirmedBy ? [p.confirmedBy] : []))),
    ];
    const [corrections, slots, users] = await Promise.all([
      this.dataSource.getRepository(ScoreCorrectionEntity).find({
        where: { publicationId: In(publications.map((p) => p.id)), approvedAt: Not(IsNull()) },
        order: { approvedAt: 'ASC' },
      }),
      this.dataSource.query<{ candidateId: string; position: number }[]>(
        `SELECT candidate_id AS "candidateId", position FROM session_slots
          WHERE session_id = $1 AND candidate_id = ANY($2::uuid[])`,
        [sessionId, publications.map((p) => p.candidateId)],
      ),
      confirmers.length === 0
        ? Promise.resolve([])
        : this.dataSource.getRepository(UserEntity).findBy({ id: In(confirmers) }),
    ]);
    const slotOf = new Map(slots.map((s) => [s.candidateId, s.position]));
    const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
    return publications.map((p): RoomPublication => ({
      published: {
        publicationId: p.id,
        sessionId,
        candidateUserId: p.candidateId,
        slot: slotOf.get(p.candidateId) ?? null,
        finalScore: p.finalScore,
        examinerCount: p.result.examinerCount,
        announcement: { 'zh-CN': p.announcementZh, en: p.announcementEn },
        forCandidate: isCandidate,
        publishedAt: p.publishedAt.toISOString(),
      },
      confirmed:
        p.confirmedAt && p.confirmedBy
          ? {
              publicationId: p.id,
              sessionId,
              candidateUserId: p.candidateId,
              supervisorName: nameOf.get(p.confirmedBy) ?? '',
              confirmedAt: p.confirmedAt.toISOString(),
            }
          : null,
      corrections: corrections
        .filter((c) => c.publicationId === p.id)
        .map((c) => ({
          publicationId: p.id,
          correctionId: c.id,
          sessionId,
          candidateUserId: p.candidateId,
          previousScore: c.previousScore,
          finalScore: c.finalScore,
          reason: c.reason,
          announcement: { 'zh-CN': c.announcementZh, en: c.announcementEn },
          forCandidate: isCandidate,
          approvedAt: (c.approvedAt as Date).toISOString(),
        })),
    }));
  }

  /** The chief examiner or score clerk asks to correct a published score, with a reason. */
  async requestCorrection(
    sessionId: string,
    candidateId: string,
    input: RequestCorrectionDto,
    user: AuthUser,
  ): Promise<CorrectionView> {
    return this.dataSource.transaction(async (tx) => {
      await this.requirePart(sessionId, user, CHECKING_ROLES, tx);
      const publication = await tx.findOne(ScorePublicationEntity, {
        where: { sessionId, candidateId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!publication) throw new AppException(ErrorCode.ScoringNotPublished, HttpStatus.CONFLICT);
      const current = await this.currentOf(publication, tx);
      const rubric = asRubric(publication.rubric);
      const problems: { examinerId: string; problems: string[] }[] = [];
      const replaced = new Map<string, ExaminerMarks>();
      for (const sheet of input.sheets) {
        const known = current.sheets.some((s) => s.examinerId === sheet.examinerId);
        const markProblems = validateMarks(rubric, sheet.marks).map((p) => p.message);
        if (!known) markProblems.unshift('not an examiner of this publication');
        if (replaced.has(sheet.examinerId)) markProblems.unshift('listed twice');
        if (markProblems.length > 0)
          problems.push({ examinerId: sheet.examinerId, problems: markProblems });
        replaced.set(sheet.examinerId, {
          examinerId: sheet.examinerId,
          marks: sheet.marks as Record<string, number>,
        });
      }
      if (problems.length > 0) {
        throw new AppException(ErrorCode.ScoringMarksInvalid, HttpStatus.UNPROCESSABLE_ENTITY, {
          sheets: problems,
        });
      }
      const sheets = current.sheets.map((s) => replaced.get(s.examinerId) ?? s);
      const result = aggregateScores(rubric, sheets, publication.method);
      const announcement = announce(result);
      const correction = await tx.save(
        tx.create(ScoreCorrectionEntity, {
          publicationId: publication.id,
          reason: input.reason.trim(),
          sheets,
          result,
          previousScore: current.score,
          finalScore: result.finalScore,
          announcementZh: announcement['zh-CN'],
          announcementEn: announcement.en,
          requestedBy: user.id,
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'score.correction.request',
          subject: `session:${sessionId}`,
          details: {
            correctionId: correction.id,
            publicationId: publication.id,
            candidateId,
            reason: correction.reason,
            previousScore: current.score,
            finalScore: result.finalScore,
            changedExaminers: [...replaced.keys()],
          },
        },
        tx,
      );
      return this.correctionView(correction, true);
    });
  }

  /**
   * The chief examiner and a supervisor of the session each approve; the correction takes
   * effect with the second approval, and the room is told.
   */
  async approveCorrection(correctionId: string, user: AuthUser): Promise<CorrectionView> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const correction = await tx.findOne(ScoreCorrectionEntity, {
        where: { id: correctionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!correction) throw notFound();
      const publication = await tx.findOneByOrFail(ScorePublicationEntity, {
        id: correction.publicationId,
      });
      const part = await this.marks.partOf(publication.sessionId, user.id, tx);
      if (part !== 'chief_examiner' && part !== 'supervisor') throw forbidden();
      const decided =
        correction.approvedAt !== null ||
        (part === 'chief_examiner'
          ? correction.chiefApprovedAt
          : correction.supervisorApprovedAt) !== null;
      // A correction computed on a score that another correction has since replaced is stale.
      const newer = await tx
        .createQueryBuilder(ScoreCorrectionEntity, 'c')
        .where('c.publication_id = :id AND c.approved_at IS NOT NULL AND c.approved_at > :at', {
          id: publication.id,
          at: correction.requestedAt,
        })
        .getExists();
      if (decided || newer) {
        throw new AppException(ErrorCode.ScoringCorrectionDecided, HttpStatus.CONFLICT);
      }
      const now = new Date();
      if (part === 'chief_examiner') {
        correction.chiefApprovedBy = user.id;
        correction.chiefApprovedAt = now;
      } else {
        correction.supervisorApprovedBy = user.id;
        correction.supervisorApprovedAt = now;
      }
      if (correction.chiefApprovedAt && correction.supervisorApprovedAt)
        correction.approvedAt = now;
      const saved = await tx.save(correction);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: saved.approvedAt ? 'score.correct' : 'score.correction.approve',
          subject: `session:${publication.sessionId}`,
          details: {
            correctionId: saved.id,
            publicationId: publication.id,
            candidateId: publication.candidateId,
            as: part,
            previousScore: saved.previousScore,
            finalScore: saved.finalScore,
            effective: saved.approvedAt !== null,
          },
        },
        tx,
      );
      return { saved, publication };
    });
    const { saved, publication } = outcome;
    if (saved.approvedAt) {
      this.broadcaster.corrected({
        publicationId: publication.id,
        correctionId: saved.id,
        sessionId: publication.sessionId,
        candidateUserId: publication.candidateId,
        previousScore: saved.previousScore,
        finalScore: saved.finalScore,
        reason: saved.reason,
        announcement: { 'zh-CN': saved.announcementZh, en: saved.announcementEn },
        approvedAt: saved.approvedAt.toISOString(),
      });
      await this.recordTimeline(publication.sessionId, 'score.corrected', user.id, {
        publicationId: publication.id,
        correctionId: saved.id,
        previousScore: saved.previousScore,
        finalScore: saved.finalScore,
      });
    }
    return this.correctionView(saved, true);
  }

  /** The sheets and score in force: the latest approved correction's, or the published ones. */
  async currentOf(
    publication: ScorePublicationEntity,
    manager: EntityManager = this.dataSource.manager,
  ) {
    const latest = await manager
      .createQueryBuilder(ScoreCorrectionEntity, 'c')
      .where('c.publication_id = :id AND c.approved_at IS NOT NULL', { id: publication.id })
      .orderBy('c.approved_at', 'DESC')
      .getOne();
    return latest
      ? { sheets: latest.sheets, score: latest.finalScore, result: latest.result, corrected: true }
      : {
          sheets: publication.sheets,
          score: publication.finalScore,
          result: publication.result,
          corrected: false,
        };
  }

  private async compute(
    context: MarkingContext,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScorePreview> {
    const method = await this.rubrics.method(context.session.campaignId, manager);
    const rows = await this.marks.rows(context, manager);
    const markers = rows.filter((row) => !row.recused);
    const missing = markers
      .filter((row) => row.status !== 'submitted')
      .map((row) => ({ examinerId: row.examinerId, name: row.name }));
    if (missing.length > 0 || markers.length === 0) {
      return { complete: false, missing, method, result: null, announcement: null };
    }
    const sheets = markers.map((row) => ({ examinerId: row.examinerId, marks: row.marks ?? {} }));
    const result = aggregateScores(asRubric(context.rubric.dimensions), sheets, method);
    return { complete: true, missing: [], method, result, announcement: announce(result) };
  }

  private async requirePart(
    sessionId: string,
    user: AuthUser,
    allowed: readonly ScoringPart[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScoringPart> {
    const part = await this.marks.partOf(sessionId, user.id, manager);
    if (part === null) await this.marks.sessionOrNotFound(sessionId, manager);
    if (!allowed.includes(part)) throw forbidden();
    return part;
  }

  private async recordTimeline(
    sessionId: string,
    type: 'score.published' | 'score.confirmed' | 'score.corrected',
    actorUserId: string,
    payload: Record<string, unknown>,
  ) {
    try {
      await this.timeline.record(sessionId, type, actorUserId, payload);
    } catch (error) {
      // The audit entry committed with the change; the timeline is the room's narrative.
      this.logger.error({ err: error, sessionId, type }, 'could not write the session timeline');
    }
  }

  private view(
    publication: ScorePublicationEntity,
    corrections: ScoreCorrectionEntity[],
    slot: number | null,
    withInputs: boolean,
  ): PublicationView {
    const approved = corrections
      .filter((c) => c.approvedAt !== null)
      .sort((a, b) => (a.approvedAt as Date).getTime() - (b.approvedAt as Date).getTime());
    const latest = approved.at(-1);
    return {
      id: publication.id,
      sessionId: publication.sessionId,
      candidateId: publication.candidateId,
      slot,
      method: publication.method,
      publishedScore: publication.finalScore,
      currentScore: latest?.finalScore ?? publication.finalScore,
      corrected: latest !== undefined,
      announcement: { 'zh-CN': publication.announcementZh, en: publication.announcementEn },
      publishedBy: publication.publishedBy,
      publishedAt: publication.publishedAt.toISOString(),
      confirmedBy: publication.confirmedBy,
      confirmedAt: publication.confirmedAt?.toISOString() ?? null,
      ...(withInputs
        ? {
            rubric: publication.rubric,
            sheets: publication.sheets,
            currentSheets: latest?.sheets ?? publication.sheets,
            result: publication.result,
          }
        : {}),
      corrections: corrections
        .filter((c) => withInputs || c.approvedAt !== null)
        .map((c) => this.correctionView(c, withInputs)),
    };
  }

  private correctionView(c: ScoreCorrectionEntity, withInputs: boolean): CorrectionView {
    return {
      id: c.id,
      reason: c.reason,
      previousScore: c.previousScore,
      finalScore: c.finalScore,
      announcement: { 'zh-CN': c.announcementZh, en: c.announcementEn },
      requestedBy: c.requestedBy,
      requestedAt: c.requestedAt.toISOString(),
      chiefApprovedBy: c.chiefApprovedBy,
      chiefApprovedAt: c.chiefApprovedAt?.toISOString() ?? null,
      supervisorApprovedBy: c.supervisorApprovedBy,
      supervisorApprovedAt: c.supervisorApprovedAt?.toISOString() ?? null,
      status: c.approvedAt ? 'approved' : 'pending',
      approvedAt: c.approvedAt?.toISOString() ?? null,
      ...(withInputs ? { result: c.result } : {}),
    };
  }
}
