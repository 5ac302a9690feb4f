import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { DataSource } from 'typeorm';
import { DeclareRecusalDto, RecusalView } from './dto/recusal.dto';
import { RecusalEntity } from './recusal.entity';
import { canReadAnySession, isOrganiser } from './session-access';
import { SessionParticipantEntity } from './session-participant.entity';
import { SCORING_ROLES } from './session-rules';
import { SessionSlotEntity } from './session-slot.entity';
import { SessionsService } from './sessions.service';

const person = (user: UserEntity | undefined) => ({
  userId: user?.id ?? '',
  username: user?.username ?? '',
  displayName: user?.displayName ?? '',
});

/** Conflicts of interest: a recused examiner does not score that candidate. */
@Injectable()
export class RecusalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** For scoring: true when the examiner must not score this candidate in this session. */
  async isRecused(sessionId: string, examinerId: string, candidateId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(RecusalEntity)
      .existsBy({ sessionId, examinerId, candidateId });
  }

  /**
   * An examiner declares their own conflict; HR or an admin may declare it for any examiner of
   * the session.
   */
  async declare(sessionId: string, input: DeclareRecusalDto, user: AuthUser): Promise<RecusalView> {
    await this.sessions.findSession(sessionId);
    const examinerId = input.examinerId ?? user.id;
    if (!isOrganiser(user) && examinerId !== user.id) {
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    const examinerPart = await this.dataSource
      .getRepository(SessionParticipantEntity)
      .findOneBy({ sessionId, userId: examinerId });
    const isScoring = examinerPart !== null && SCORING_ROLES.includes(examinerPart.role);
    if (!isScoring && !isOrganiser(user)) {
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    const candidateSlot = await this.dataSource
      .getRepository(SessionSlotEntity)
      .findOneBy({ sessionId, candidateId: input.candidateId });
    if (!isScoring || !candidateSlot) {
      throw new AppException(ErrorCode.SessionRecusalInvalid, HttpStatus.UNPROCESSABLE_ENTITY, {
        examinerOnPanel: isScoring,
        candidateInSession: candidateSlot !== null,
      });
    }
    const id = await this.dataSource.transaction(async (tx) => {
      const existing = await tx.findOneBy(RecusalEntity, {
        sessionId,
        examinerId,
        candidateId: input.candidateId,
      });
      if (existing) throw new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT);
      const saved = await tx.save(
        tx.create(RecusalEntity, {
          sessionId,
          examinerId,
          candidateId: input.candidateId,
          reason: input.reason,
          note: input.note?.trim() || null,
          declaredBy: user.id,
        }),
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'session.recusal.declare',
          subject: `session:${sessionId}`,
          details: {
            recusalId: saved.id,
            examinerId,
            candidateId: input.candidateId,
            reason: input.reason,
            note: saved.note,
          },
        },
        tx,
      );
      return saved.id;
    });
    const [view] = (await this.listViews(sessionId)).filter((r) => r.id === id);
    return view;
  }

  /** The flagged pairs: for organisers, supervisors and the session's own staff. */
  async list(sessionId: string, user: AuthUser): Promise<RecusalView[]> {
    const part = await this.sessions.partOf(sessionId, user.id);
    if (!canReadAnySession(user) && part?.kind !== 'staff') {
      await this.sessions.findSession(sessionId);
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    await this.sessions.findSession(sessionId);
    return this.listViews(sessionId);
  }

  private async listViews(sessionId: string): Promise<RecusalView[]> {
    const rows = await this.dataSource.getRepository(RecusalEntity).find({
      where: { sessionId },
      relations: { examiner: true, candidate: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => ({
      id: row.id,
      examiner: person(row.examiner),
      candidate: person(row.candidate),
      reason: row.reason,
      note: row.note,
      declaredBy: row.declaredBy,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
