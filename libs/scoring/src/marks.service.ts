import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { examinerTotal, MarkProblem, validateMarks } from '@yunzhao/domain';
import {
  InterviewSessionEntity,
  RecusalEntity,
  RecusalsService,
  SessionParticipantEntity,
  SessionSlotEntity,
  StaffRole,
} from '@yunzhao/sessions';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { asRubric, RubricsService } from './rubrics.service';
import {
  CHECKING_ROLES,
  forbidden,
  MARKING_ROLES,
  maySeePanelMarks,
  notFound,
  ScoringPart,
} from './scoring-access';
import {
  ScoreCorrectionEntity,
  ScorePublicationEntity,
  ScoreSheetEntity,
  ScoringRubricEntity,
  SheetStatus,
  StoredDimension,
} from './scoring.entity';

const MAX_MARK_KEYS = 50;

export interface SheetView {
  sessionId: string;
  candidateId: string;
  examinerId: string;
  status: SheetStatus | 'not_started';
  marks: Record<string, number>;
  total: number | null;
  submittedAt: string | null;
  updatedAt: string | null;
}

export interface PanelSheetRow {
  examinerId: string;
  name: string;
  role: StaffRole;
  recused: boolean;
  status: SheetStatus | 'not_started';
  submittedAt: string | null;
  /** Submitted marks only: a draft is the examiner's own business until they submit. */
  marks: Record<string, number> | null;
  total: number | null;
}

export interface CandidateRow {
  candidateId: string;
  name: string;
  slot: number;
  recused: boolean;
  mySheet: SheetStatus | 'not_started' | null;
  submitted: number;
  expected: number;
  published: boolean;
  /** The score in force: the latest approved correction's, or the published one. */
  finalScore: number | null;
}

export interface SessionScoringView {
  sessionId: string;
  title: string;
  campaignId: string;
  categoryCode: string;
  myRole: ScoringPart;
  rubric: { id: string; dimensions: StoredDimension[]; maxTotal: number } | null;
  candidates: CandidateRow[];
}

/** The panel of one session for one candidate: who marks, who is recused. */
export interface MarkingContext {
  session: InterviewSessionEntity;
  slot: SessionSlotEntity;
  rubric: ScoringRubricEntity;
  /** Chief and examiners who are not recused for this candidate, with their names. */
  markers: { userId: string; role: StaffRole; name: string }[];
  recused: { userId: string; role: StaffRole; name: string }[];
}

const sheetTotal = (
  dimensions: readonly StoredDimension[],
  examinerId: string,
  marks: Record<string, number>,
) => {
  try {
    return examinerTotal(asRubric(dimensions), { examinerId, marks });
  } catch {
    return null;
  }
};

const problemsDetails = (problems: MarkProblem[]) => ({
  problems: problems.map(({ dimensionKey, code, message }) => ({ dimensionKey, code, message })),
});

/** Examiners' marks: draft, submit, reopen; and who may read which marks. */
@Injectable()
export class MarksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rubrics: RubricsService,
    private readonly recusals: RecusalsService,
    private readonly audit: AuditService,
  ) {}

  async sessionOrNotFound(sessionId: string, manager: EntityManager = this.dataSource.manager) {
    const session = await manager.findOneBy(InterviewSessionEntity, { id: sessionId });
    if (!session) throw notFound();
    return session;
  }

  async partOf(
    sessionId: string,
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScoringPart> {
    const participant = await manager.findOneBy(SessionParticipantEntity, { sessionId, userId });
    if (participant) return participant.role;
    const slot = await manager.findOneBy(SessionSlotEntity, { sessionId, candidateId: userId });
    return slot ? 'candidate' : null;
  }

  async context(
    sessionId: string,
    candidateId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MarkingContext> {
    const session = await this.sessionOrNotFound(sessionId, manager);
    const slot = await manager.findOneBy(SessionSlotEntity, { sessionId, candidateId });
    if (!slot) {
      throw new AppException(
        ErrorCode.ScoringCandidateNotInSession,
        HttpStatus.UNPROCESSABLE_ENTITY,
        {
          candidateId,
        },
      );
    }
    const rubric = await this.rubrics.forCategory(
      session.campaignId,
      session.categoryCode,
      manager,
    );
    const participants = await manager.find(SessionParticipantEntity, {
      where: { sessionId, role: In([...MARKING_ROLES]) },
      relations: { user: true },
    });
    const recusals = await manager.findBy(RecusalEntity, { sessionId, candidateId });
    const recusedIds = new Set(recusals.map((r) => r.examinerId));
    const people = participants
      .map((p) => ({ userId: p.userId, role: p.role, name: p.user?.displayName ?? '' }))
      .sort((a, b) =>
        a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'chief_examiner' ? -1 : 1,
      );
    return {
      session,
      slot,
      rubric,
      markers: people.filter((p) => !recusedIds.has(p.userId)),
      recused: people.filter((p) => recusedIds.has(p.userId)),
    };
  }

  /** Saves marks as a draft (partial is fine) or submits them (complete, final until reopened). */
  async mark(
    sessionId: string,
    candidateId: string,
    rawMarks: Record<string, unknown>,
    submit: boolean,
    user: AuthUser,
  ): Promise<SheetView> {
    return this.dataSource.transaction(async (tx) => {
      const session = await this.sessionOrNotFound(sessionId, tx);
      const part = await this.partOf(sessionId, user.id, tx);
      if (part === null || !MARKING_ROLES.includes(part as StaffRole)) {
        throw new AppException(ErrorCode.ScoringNotOnPanel, HttpStatus.FORBIDDEN);
      }
      const { rubric } = await this.context(session.id, candidateId, tx);
      if (await this.recusals.isRecused(sessionId, user.id, candidateId)) {
        throw new AppException(ErrorCode.ScoringRecused, HttpStatus.FORBIDDEN);
      }
      if (await tx.existsBy(ScorePublicationEntity, { sessionId, candidateId })) {
        throw new AppException(ErrorCode.ScoringAlreadyPublished, HttpStatus.CONFLICT);
      }
      const keys = Object.keys(rawMarks);
      const problems =
        keys.length > MAX_MARK_KEYS
          ? [
              {
                dimensionKey: '*',
                code: 'unknown-dimension' as const,
                message: `at most ${MAX_MARK_KEYS} marks`,
              },
            ]
          : validateMarks(asRubric(rubric.dimensions), rawMarks).filter(
              (problem) => submit || problem.code !== 'missing',
            );
      if (problems.length > 0) {
        throw new AppException(
          ErrorCode.ScoringMarksInvalid,
          HttpStatus.UNPROCESSABLE_ENTITY,
          problemsDetails(problems),
        );
      }
      const marks = rawMarks as Record<string, number>;
      let sheet = await tx.findOne(ScoreSheetEntity, {
        where: { sessionId, candidateId, examinerId: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (sheet?.status === 'submitted') {
        throw new AppException(ErrorCode.ScoringSheetSubmitted, HttpStatus.CONFLICT);
      }
      sheet ??= tx.create(ScoreSheetEntity, {
        sessionId,
        candidateId,
        examinerId: user.id,
        rubricId: rubric.id,
      });
      sheet.marks = marks;
      sheet.status = submit ? 'submitted' : 'draft';
      sheet.submittedAt = submit ? new Date() : null;
      const saved = await tx.save(sheet);
      if (submit) {
        await this.audit.record(
          {
            actor: actorOf(user),
            action: 'score.submit',
            subject: `session:${sessionId}`,
            details: {
              candidateId,
              examinerId: user.id,
              rubricId: rubric.id,
              marks,
              total: sheetTotal(rubric.dimensions, user.id, marks),
            },
          },
          tx,
        );
      }
      return this.sheetView(saved, rubric.dimensions);
    });
  }

  /** The caller's own sheet (or an empty one): examiners never get anybody else's here. */
  async mySheet(sessionId: string, candidateId: string, user: AuthUser): Promise<SheetView> {
    const part = await this.partOf(sessionId, user.id);
    if (part === null) await this.sessionOrNotFound(sessionId);
    if (part === null || !MARKING_ROLES.includes(part as StaffRole)) {
      throw new AppException(ErrorCode.ScoringNotOnPanel, HttpStatus.FORBIDDEN);
    }
    const { rubric } = await this.context(sessionId, candidateId);
    const sheet = await this.dataSource
      .getRepository(ScoreSheetEntity)
      .findOneBy({ sessionId, candidateId, examinerId: user.id });
    if (sheet) return this.sheetView(sheet, rubric.dimensions);
    return {
      sessionId,
      candidateId,
      examinerId: user.id,
      status: 'not_started',
      marks: {},
      total: null,
      submittedAt: null,
      updatedAt: null,
    };
  }

  /**
   * The whole panel's sheets for one candidate. Before publication: the chief examiner and the
   * score clerk (who check them) and the session's supervisors; examiners are refused.
   */
  async panelSheets(
    sessionId: string,
    candidateId: string,
    user: AuthUser,
  ): Promise<PanelSheetRow[]> {
    const part = await this.partOf(sessionId, user.id);
    if (part === null) await this.sessionOrNotFound(sessionId);
    const published = await this.dataSource
      .getRepository(ScorePublicationEntity)
      .existsBy({ sessionId, candidateId });
    if (!maySeePanelMarks(part, published)) {
      throw part === 'examiner'
        ? new AppException(ErrorCode.ScoringMarksSealed, HttpStatus.FORBIDDEN)
        : forbidden();
    }
    const context = await this.context(sessionId, candidateId);
    return this.rows(context);
  }

  async rows(
    context: MarkingContext,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PanelSheetRow[]> {
    const sheets = await manager.findBy(ScoreSheetEntity, {
      sessionId: context.session.id,
      candidateId: context.slot.candidateId,
    });
    const byExaminer = new Map(sheets.map((sheet) => [sheet.examinerId, sheet]));
    const row = (person: MarkingContext['markers'][number], recused: boolean): PanelSheetRow => {
      const sheet = byExaminer.get(person.userId);
      const submitted = sheet?.status === 'submitted';
      return {
        examinerId: person.userId,
        name: person.name,
        role: person.role,
        recused,
        status: sheet?.status ?? 'not_started',
        submittedAt: sheet?.submittedAt?.toISOString() ?? null,
        marks: submitted ? sheet.marks : null,
        total: submitted ? sheetTotal(context.rubric.dimensions, person.userId, sheet.marks) : null,
      };
    };
    return [
      ...context.markers.map((person) => row(person, false)),
      ...context.recused.map((person) => row(person, true)),
    ];
  }

  /** Only the chief examiner reopens a submitted sheet, before publication; audited. */
  async reopen(
    sessionId: string,
    candidateId: string,
    examinerId: string,
    user: AuthUser,
  ): Promise<SheetView> {
    return this.dataSource.transaction(async (tx) => {
      const part = await this.partOf(sessionId, user.id, tx);
      if (part === null) await this.sessionOrNotFound(sessionId, tx);
      if (part !== 'chief_examiner') throw forbidden();
      const { rubric } = await this.context(sessionId, candidateId, tx);
      if (await tx.existsBy(ScorePublicationEntity, { sessionId, candidateId })) {
        throw new AppException(ErrorCode.ScoringAlreadyPublished, HttpStatus.CONFLICT);
      }
      const sheet = await tx.findOne(ScoreSheetEntity, {
        where: { sessionId, candidateId, examinerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!sheet || sheet.status !== 'submitted') throw notFound();
      sheet.status = 'draft';
      sheet.submittedAt = null;
      const saved = await tx.save(sheet);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'score.reopen',
          subject: `session:${sessionId}`,
          details: { candidateId, examinerId },
        },
        tx,
      );
      return this.sheetView(saved, rubric.dimensions);
    });
  }

  /** The session's candidates as the caller's part lets them see the scoring state. */
  async sessionView(sessionId: string, user: AuthUser): Promise<SessionScoringView> {
    const session = await this.sessionOrNotFound(sessionId);
    const part = await this.partOf(sessionId, user.id);
    if (part === null || part === 'candidate' || part === 'proctor') throw forbidden();
    let rubric: ScoringRubricEntity | null = null;
    try {
      rubric = await this.rubrics.forCategory(session.campaignId, session.categoryCode);
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
    }
    const slots = await this.dataSource.getRepository(SessionSlotEntity).find({
      where: { sessionId },
      relations: { candidate: true },
      order: { position: 'ASC' },
    });
    const [sheets, publications, recusals, markers] = await Promise.all([
      this.dataSource.getRepository(ScoreSheetEntity).findBy({ sessionId }),
      this.dataSource.getRepository(ScorePublicationEntity).findBy({ sessionId }),
      this.dataSource.getRepository(RecusalEntity).findBy({ sessionId }),
      this.dataSource
        .getRepository(SessionParticipantEntity)
        .findBy({ sessionId, role: In([...MARKING_ROLES]) }),
    ]);
    // A corrected score shows as corrected only once both approvals are in (approved_at set).
    const corrections =
      publications.length === 0
        ? []
        : await this.dataSource.getRepository(ScoreCorrectionEntity).find({
            where: { publicationId: In(publications.map((p) => p.id)), approvedAt: Not(IsNull()) },
            order: { approvedAt: 'ASC' },
          });
    const currentScore = (publication: ScorePublicationEntity) =>
      corrections.filter((c) => c.publicationId === publication.id).at(-1)?.finalScore ??
      publication.finalScore;
    const seesCounts = CHECKING_ROLES.includes(part) || part === 'supervisor';
    const candidates = slots.map((slot): CandidateRow => {
      const recusedIds = new Set(
        recusals.filter((r) => r.candidateId === slot.candidateId).map((r) => r.examinerId),
      );
      const expected = markers.filter((m) => !recusedIds.has(m.userId));
      const forCandidate = sheets.filter((s) => s.candidateId === slot.candidateId);
      const mine = forCandidate.find((s) => s.examinerId === user.id);
      const publication = publications.find((p) => p.candidateId === slot.candidateId);
      return {
        candidateId: slot.candidateId,
        name: (slot.candidate as UserEntity | undefined)?.displayName ?? '',
        slot: slot.position,
        recused: recusedIds.has(user.id),
        mySheet: MARKING_ROLES.includes(part) ? (mine?.status ?? 'not_started') : null,
        submitted: seesCounts
          ? forCandidate.filter(
              (s) => s.status === 'submitted' && expected.some((m) => m.userId === s.examinerId),
            ).length
          : 0,
        expected: expected.length,
        published: publication !== undefined,
        finalScore: publication ? currentScore(publication) : null,
      };
    });
    return {
      sessionId,
      title: session.title,
      campaignId: session.campaignId,
      categoryCode: session.categoryCode,
      myRole: part,
      rubric: rubric
        ? {
            id: rubric.id,
            dimensions: rubric.dimensions,
            maxTotal:
              Math.round(rubric.dimensions.reduce((s, d) => s + Math.round(d.max * 100), 0)) / 100,
          }
        : null,
      candidates,
    };
  }

  /** Sessions where the caller sits on the panel or supervises. */
  async mySessions(user: AuthUser) {
    return this.dataSource.query<
      { sessionId: string; title: string; startsAt: Date; role: StaffRole }[]
    >(
      `SELECT s.id AS "sessionId", s.title, s.starts_at AS "startsAt", p.role
         FROM session_participants p JOIN interview_sessions s ON s.id = p.session_id
        WHERE p.user_id = $1 AND p.role IN ('chief_examiner', 'examiner', 'score_clerk', 'supervisor')
        ORDER BY s.starts_at DESC LIMIT 200`,
      [user.id],
    );
  }

  private sheetView(sheet: ScoreSheetEntity, dimensions: readonly StoredDimension[]): SheetView {
    return {
      sessionId: sheet.sessionId,
      candidateId: sheet.candidateId,
      examinerId: sheet.examinerId,
      status: sheet.status,
      marks: sheet.marks,
      total: sheetTotal(dimensions, sheet.examinerId, sheet.marks),
      submittedAt: sheet.submittedAt?.toISOString() ?? null,
      updatedAt: sheet.updatedAt?.toISOString() ?? null,
    };
  }
}
