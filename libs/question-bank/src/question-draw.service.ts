import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import {
  ErrorCode,
  QuestionDrawnEvent,
  QuestionGuidance,
  QuestionRevealedEvent,
  roomChannels,
} from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import {
  commitmentOf,
  DRAW_ALGORITHM,
  drawItems,
  newDrawSecret,
  sortIdsAscending,
} from '@yunzhao/domain';
import { DrawRecordEntity, SessionSlotEntity, SessionsService } from '@yunzhao/sessions';
import { TimelineService } from '@yunzhao/timeline';
import { DataSource, EntityManager } from 'typeorm';
import {
  QuestionBankEntity,
  QuestionDrawInputEntity,
  QuestionRevealEntity,
  QuestionSetEntity,
  QuestionSetUseEntity,
} from './question-bank.entity';
import { QuestionBankService } from './question-bank.service';
import { RoomEventsService } from './room-events.service';

/** The exported record (verify-draw's input) plus where it belongs. */
export interface PublishedDrawRecord {
  algorithm: string;
  commitment: string;
  secret: string;
  sources: string[];
  items: string[];
  count: number;
  result: string[];
  purpose: string;
  sessionId: string;
  drawnAt: string;
}

export interface QuestionDrawState {
  sessionId: string;
  algorithm: string;
  commitment: string;
  supervisorValue: { value: string; enteredAt: string } | null;
  drawn: boolean;
  /** Present once drawn: the full record, secret included. */
  record: PublishedDrawRecord | null;
  set: { id: string; code: string; title: string; questionCount: number } | null;
}

export interface CandidateQuestion {
  index: number;
  total: number;
  text: string;
  timeAllowedSeconds: number;
  revealedAt: string;
  endsAt: string;
  warningAt: string;
}

export interface PanelQuestion {
  index: number;
  text: string;
  dimensions: string[];
  timeAllowedSeconds: number;
  guidance: QuestionGuidance;
}

export interface RevealView {
  candidateUserId: string;
  index: number;
  timeAllowedSeconds: number;
  revealedAt: string;
  endsAt: string;
  warningAt: string;
}

export type SessionQuestionsView =
  | {
      sessionId: string;
      audience: 'candidate';
      drawn: boolean;
      total: number | null;
      questions: CandidateQuestion[];
    }
  | {
      sessionId: string;
      audience: 'panel';
      drawn: boolean;
      set: QuestionDrawState['set'];
      warningSeconds: number;
      questions: PanelQuestion[];
      reveals: RevealView[];
    };

type SessionPart = Awaited<ReturnType<SessionsService['partOf']>>;

/** Organisers and supervisors oversee every session's draw (not its questions). */
const canReadAnySession = (user: AuthUser) =>
  ['hr', 'admin', 'supervisor'].some((role) => user.roles.includes(role as never));

const PANEL_VIEWERS = ['chief_examiner', 'examiner', 'score_clerk', 'supervisor'] as const;
const isPanelViewer = (part: SessionPart | undefined) =>
  part?.kind === 'staff' && (PANEL_VIEWERS as readonly string[]).includes(part.role);
const isChief = (part: SessionPart | undefined) =>
  part?.kind === 'staff' && part.role === 'chief_examiner';

function timing(reveal: QuestionRevealEntity) {
  const start = reveal.revealedAt.getTime();
  const ends = start + reveal.timeAllowedSeconds * 1000;
  const warn = ends - Math.min(reveal.warningSeconds, reveal.timeAllowedSeconds) * 1000;
  return {
    revealedAt: reveal.revealedAt.toISOString(),
    endsAt: new Date(ends).toISOString(),
    warningAt: new Date(warn).toISOString(),
  };
}

export function publishedRecord(record: DrawRecordEntity): PublishedDrawRecord | null {
  if (
    !record.drawnAt ||
    !record.sources ||
    !record.items ||
    !record.result ||
    record.count === null
  ) {
    return null;
  }
  return {
    algorithm: record.algorithm,
    commitment: record.commitment,
    secret: record.secret,
    sources: record.sources,
    items: record.items,
    count: record.count,
    result: record.result,
    purpose: record.purpose,
    sessionId: record.subjectId,
    drawnAt: record.drawnAt.toISOString(),
  };
}

/**
 * One question set per session, drawn by lot (rfc3797-sha256-v1, commit-reveal) from the
 * campaign+category sets no other session has used; then questions shown one at a time.
 */
@Injectable()
export class QuestionDrawService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly bank: QuestionBankService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly room: RoomEventsService,
  ) {}

  /** The draw's public state (never question content): organisers, supervisors, participants. */
  async state(sessionId: string, user: AuthUser): Promise<QuestionDrawState> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (!part && !canReadAnySession(user)) await this.refuse(sessionId);
    await this.sessions.findSession(sessionId);
    const record = await this.ensureRecord(sessionId);
    const [input, use] = await Promise.all([
      this.dataSource.getRepository(QuestionDrawInputEntity).findOneBy({ sessionId }),
      this.dataSource.getRepository(QuestionSetUseEntity).findOne({
        where: { sessionId },
        relations: { questionSet: true },
      }),
    ]);
    const set = use?.questionSet;
    return {
      sessionId,
      algorithm: record.algorithm,
      commitment: record.commitment,
      supervisorValue: input
        ? { value: input.supervisorValue, enteredAt: input.enteredAt.toISOString() }
        : null,
      drawn: record.drawnAt !== null,
      record: publishedRecord(record),
      set: set
        ? { id: set.id, code: set.code, title: set.title, questionCount: set.questionCount }
        : null,
    };
  }

  async enterSupervisorValue(
    sessionId: string,
    value: string,
    user: AuthUser,
  ): Promise<QuestionDrawState> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (!(part?.kind === 'staff' && part.role === 'supervisor')) await this.refuse(sessionId);
    await this.ensureRecord(sessionId);
    await this.dataSource.transaction(async (tx) => {
      const record = await this.lockRecord(tx, sessionId);
      if (record.drawnAt) throw new AppException(ErrorCode.QuestionDrawDone, HttpStatus.CONFLICT);
      if (await tx.existsBy(QuestionDrawInputEntity, { sessionId })) {
        throw new AppException(ErrorCode.QuestionDrawSupervisorValueSet, HttpStatus.CONFLICT);
      }
      await tx.save(
        tx.create(QuestionDrawInputEntity, {
          sessionId,
          supervisorValue: value,
          enteredBy: actorOf(user),
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'question_draw.supervisor_value',
          subject: `session:${sessionId}`,
          details: { value, commitment: record.commitment },
        },
        tx,
      );
    });
    await this.timeline.record(sessionId, 'questions.supervisorValue', user.id, { value });
    return this.state(sessionId, user);
  }

  /** The chief's draw. Refused before the supervisor's value, twice, or when sets ran out. */
  async draw(sessionId: string, user: AuthUser): Promise<QuestionDrawState> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (!isChief(part)) await this.refuse(sessionId);
    const session = await this.sessions.findSession(sessionId);
    await this.ensureRecord(sessionId);
    const event = await this.dataSource.transaction(async (tx): Promise<QuestionDrawnEvent> => {
      const record = await this.lockRecord(tx, sessionId);
      if (record.drawnAt) throw new AppException(ErrorCode.QuestionDrawDone, HttpStatus.CONFLICT);
      const input = await tx.findOneBy(QuestionDrawInputEntity, { sessionId });
      if (!input) {
        throw new AppException(ErrorCode.QuestionDrawNeedsSupervisorValue, HttpStatus.CONFLICT);
      }
      const bank = await tx.findOneBy(QuestionBankEntity, { campaignId: session.campaignId });
      if (!bank?.sealedAt) {
        throw new AppException(ErrorCode.QuestionBankNotSealed, HttpStatus.CONFLICT);
      }
      // Draws of one campaign+category run one at a time, so "not yet used" stays true until
      // this one commits; question_set_uses_set_once backs this up in the database.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `question_sets:${session.campaignId}:${session.categoryCode}`,
      ]);
      const unused = await tx.query<{ id: string }[]>(
        `SELECT s.id FROM question_sets s
          WHERE s.campaign_id = $1 AND s.category_code = $2
            AND NOT EXISTS (SELECT 1 FROM question_set_uses u WHERE u.question_set_id = s.id)`,
        [session.campaignId, session.categoryCode],
      );
      if (unused.length === 0) {
        throw new AppException(ErrorCode.QuestionSetsExhausted, HttpStatus.CONFLICT, {
          campaignId: session.campaignId,
          categoryCode: session.categoryCode,
        });
      }
      const drawnAt = new Date();
      const outcome = drawItems({
        secret: record.secret,
        sources: [sessionId, drawnAt.toISOString(), input.supervisorValue],
        items: sortIdsAscending(unused.map((row) => row.id)),
        count: 1,
      });
      Object.assign(record, {
        sources: outcome.sources,
        items: outcome.items,
        count: outcome.count,
        result: outcome.result,
        drawnAt,
        drawnBy: actorOf(user),
      });
      await tx.save(record);
      await tx.save(
        tx.create(QuestionSetUseEntity, {
          sessionId,
          questionSetId: outcome.result[0],
          campaignId: session.campaignId,
          categoryCode: session.categoryCode,
          drawRecordId: record.id,
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'question_draw.draw',
          subject: `session:${sessionId}`,
          details: {
            algorithm: outcome.algorithm,
            commitment: outcome.commitment,
            secret: outcome.secret,
            sources: outcome.sources,
            items: outcome.items,
            count: outcome.count,
            result: outcome.result,
          },
        },
        tx,
      );
      return {
        sessionId,
        ...outcome,
        drawnAt: drawnAt.toISOString(),
        commitmentMatches: commitmentOf(outcome.secret) === outcome.commitment,
      };
    });
    await this.timeline.record(sessionId, 'questions.drawn', user.id, {
      commitment: event.commitment,
      result: event.result,
    });
    this.room.emit([roomChannels.all(sessionId)], 'questionDrawn', event);
    return this.state(sessionId, user);
  }

  /** The chief shows the next question of the drawn set to the candidate in front of the panel. */
  async revealNext(
    sessionId: string,
    candidateUserId: string | undefined,
    user: AuthUser,
  ): Promise<RevealView & { total: number }> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (!isChief(part)) await this.refuse(sessionId);
    const { set, bank } = await this.drawnSet(sessionId);
    if (!set) throw new AppException(ErrorCode.QuestionDrawNotDone, HttpStatus.CONFLICT);
    const questions = this.bank.questionsOf(set);
    const { reveal, candidateId } = await this.dataSource.transaction(async (tx) => {
      await this.lockRecord(tx, sessionId);
      const candidateId = await this.candidateFor(tx, sessionId, candidateUserId, questions.length);
      const index = await tx.countBy(QuestionRevealEntity, { sessionId, candidateId });
      if (index >= questions.length) {
        throw new AppException(ErrorCode.QuestionsAllRevealed, HttpStatus.CONFLICT, {
          candidateUserId: candidateId,
        });
      }
      const reveal = await tx.save(
        tx.create(QuestionRevealEntity, {
          sessionId,
          candidateId,
          questionIndex: index,
          timeAllowedSeconds: questions[index].timeAllowedSeconds,
          warningSeconds: this.bank.warningSecondsOf(bank),
          revealedBy: actorOf(user),
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'question_draw.reveal',
          subject: `session:${sessionId}`,
          details: { candidateId, questionIndex: index, questionSetId: set.id },
        },
        tx,
      );
      return { reveal, candidateId };
    });
    const question = questions[reveal.questionIndex];
    const base: QuestionRevealedEvent = {
      sessionId,
      candidateUserId: candidateId,
      index: reveal.questionIndex,
      total: questions.length,
      text: question.text,
      timeAllowedSeconds: reveal.timeAllowedSeconds,
      ...timing(reveal),
    };
    await this.timeline.record(sessionId, 'question.revealed', user.id, {
      candidateUserId: candidateId,
      index: reveal.questionIndex,
    });
    this.room.emit([roomChannels.candidate(sessionId, candidateId)], 'questionRevealed', base);
    this.room.emit(
      [roomChannels.panel(sessionId), roomChannels.supervisors(sessionId)],
      'questionRevealed',
      { ...base, dimensions: question.dimensions, guidance: question.guidance },
    );
    return {
      candidateUserId: candidateId,
      index: reveal.questionIndex,
      total: questions.length,
      timeAllowedSeconds: reveal.timeAllowedSeconds,
      ...timing(reveal),
    };
  }

  /**
   * What one person may read of the session's questions: its candidates the questions already
   * shown to them (text and timer), the panel and the session's supervisors every question of
   * the drawn set with its guidance. Nothing before the draw; nobody else at all.
   */
  async questionsFor(sessionId: string, user: AuthUser): Promise<SessionQuestionsView> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (part?.kind === 'candidate') {
      const { set } = await this.drawnSet(sessionId);
      if (!set)
        return { sessionId, audience: 'candidate', drawn: false, total: null, questions: [] };
      const reveals = await this.dataSource.getRepository(QuestionRevealEntity).find({
        where: { sessionId, candidateId: user.id },
        order: { questionIndex: 'ASC' },
      });
      const questions = reveals.length > 0 ? this.bank.questionsOf(set) : [];
      return {
        sessionId,
        audience: 'candidate',
        drawn: true,
        total: set.questionCount,
        questions: reveals.map((reveal) => ({
          index: reveal.questionIndex,
          total: set.questionCount,
          text: questions[reveal.questionIndex].text,
          timeAllowedSeconds: reveal.timeAllowedSeconds,
          ...timing(reveal),
        })),
      };
    }
    if (!isPanelViewer(part)) await this.refuse(sessionId);
    const { set, bank } = await this.drawnSet(sessionId);
    if (!set) {
      return {
        sessionId,
        audience: 'panel',
        drawn: false,
        set: null,
        warningSeconds: this.bank.warningSecondsOf(bank),
        questions: [],
        reveals: [],
      };
    }
    const reveals = await this.dataSource.getRepository(QuestionRevealEntity).find({
      where: { sessionId },
      order: { revealedAt: 'ASC', questionIndex: 'ASC' },
    });
    return {
      sessionId,
      audience: 'panel',
      drawn: true,
      set: { id: set.id, code: set.code, title: set.title, questionCount: set.questionCount },
      warningSeconds: this.bank.warningSecondsOf(bank),
      questions: this.bank.questionsOf(set).map((q, index) => ({
        index,
        text: q.text,
        dimensions: q.dimensions,
        timeAllowedSeconds: q.timeAllowedSeconds,
        guidance: q.guidance,
      })),
      reveals: reveals.map((reveal) => ({
        candidateUserId: reveal.candidateId,
        index: reveal.questionIndex,
        timeAllowedSeconds: reveal.timeAllowedSeconds,
        ...timing(reveal),
      })),
    };
  }

  /** A session's stored draw record, for the public page (null fields until drawn). */
  async publicRecord(sessionId: string, purpose: 'question_set' | 'interview_order') {
    const record = await this.dataSource
      .getRepository(DrawRecordEntity)
      .findOneBy({ purpose, subjectId: sessionId });
    if (!record) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    const published = publishedRecord(record);
    if (published) return { ...published, drawn: true };
    return {
      algorithm: record.algorithm,
      commitment: record.commitment,
      purpose,
      sessionId,
      drawn: false,
    };
  }

  /** Sessions scheduled before this feature have no question-set commitment yet: make one. */
  private async ensureRecord(sessionId: string): Promise<DrawRecordEntity> {
    const repository = this.dataSource.getRepository(DrawRecordEntity);
    const existing = await repository.findOneBy({ purpose: 'question_set', subjectId: sessionId });
    if (existing) return existing;
    const secret = newDrawSecret();
    await this.dataSource.query(
      `INSERT INTO draw_records (purpose, subject_id, algorithm, commitment, secret)
       VALUES ('question_set', $1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT draw_records_one_per_purpose DO NOTHING`,
      [sessionId, DRAW_ALGORITHM, commitmentOf(secret), secret],
    );
    return repository.findOneByOrFail({ purpose: 'question_set', subjectId: sessionId });
  }

  private async lockRecord(tx: EntityManager, sessionId: string): Promise<DrawRecordEntity> {
    const record = await tx.findOne(DrawRecordEntity, {
      where: { purpose: 'question_set', subjectId: sessionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!record) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return record;
  }

  private async drawnSet(sessionId: string) {
    const session = await this.sessions.findSession(sessionId);
    const [use, bank] = await Promise.all([
      this.dataSource.getRepository(QuestionSetUseEntity).findOneBy({ sessionId }),
      this.dataSource
        .getRepository(QuestionBankEntity)
        .findOneBy({ campaignId: session.campaignId }),
    ]);
    const set = use
      ? await this.dataSource.getRepository(QuestionSetEntity).findOneBy({ id: use.questionSetId })
      : null;
    return { set, bank };
  }

  /** The named candidate (must hold a slot), else the first in order with questions left. */
  private async candidateFor(
    tx: EntityManager,
    sessionId: string,
    candidateUserId: string | undefined,
    total: number,
  ): Promise<string> {
    const slots = await tx.find(SessionSlotEntity, {
      where: { sessionId },
      order: { position: 'ASC' },
    });
    if (candidateUserId) {
      if (!slots.some((slot) => slot.candidateId === candidateUserId)) {
        throw new AppException(ErrorCode.SessionNotParticipant, HttpStatus.UNPROCESSABLE_ENTITY, {
          candidateUserId,
        });
      }
      return candidateUserId;
    }
    for (const slot of slots) {
      const shown = await tx.countBy(QuestionRevealEntity, {
        sessionId,
        candidateId: slot.candidateId,
      });
      if (shown < total) return slot.candidateId;
    }
    throw new AppException(ErrorCode.QuestionsAllRevealed, HttpStatus.CONFLICT);
  }

  private async refuse(sessionId: string): Promise<never> {
    if (!(await this.sessions.exists(sessionId))) {
      throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    }
    throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
  }
}
