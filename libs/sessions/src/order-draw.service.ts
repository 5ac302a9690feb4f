import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { shuffleByDraw } from '@yunzhao/domain';
import { DataSource } from 'typeorm';
import { DrawPurpose, DrawRecordEntity } from './draw-record.entity';
import { canReadAnySession, isOrganiser } from './session-access';
import { positionsFromOrder } from './session-rules';
import { SessionSlotEntity } from './session-slot.entity';
import { SessionsService } from './sessions.service';

/** The published form of a draw; the secret and the outcome stay empty until it is drawn. */
export interface DrawRecordView {
  purpose: DrawPurpose;
  drawn: boolean;
  algorithm: string;
  commitment: string;
  secret: string | null;
  sources: string[] | null;
  items: string[] | null;
  count: number | null;
  result: string[] | null;
  drawnAt: string | null;
}

export function toDrawRecordView(record: DrawRecordEntity): DrawRecordView {
  const drawn = record.drawnAt !== null;
  return {
    purpose: record.purpose,
    drawn,
    algorithm: record.algorithm,
    commitment: record.commitment,
    secret: drawn ? record.secret : null,
    sources: record.sources,
    items: record.items,
    count: record.count,
    result: record.result,
    drawnAt: record.drawnAt?.toISOString() ?? null,
  };
}

/** Interview order by lot (commit-reveal, rfc3797-sha256-v1 over the application ids). */
@Injectable()
export class OrderDrawService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async view(sessionId: string, user: AuthUser): Promise<DrawRecordView> {
    const part = await this.sessions.partOf(sessionId, user.id);
    // Candidates of the session may check the draw too: it is their order.
    if (!canReadAnySession(user) && !part) await this.refuse(sessionId);
    return toDrawRecordView(await this.sessions.drawRecord(this.dataSource.manager, sessionId));
  }

  async draw(
    sessionId: string,
    publicValue: string | undefined,
    user: AuthUser,
  ): Promise<DrawRecordView> {
    const part = await this.sessions.partOf(sessionId, user.id);
    const isChief = part?.kind === 'staff' && part.role === 'chief_examiner';
    if (!isOrganiser(user) && !isChief) await this.refuse(sessionId);
    return this.dataSource.transaction(async (tx) => {
      const record = await tx.findOne(DrawRecordEntity, {
        where: { purpose: 'interview_order', subjectId: sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!record) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      if (record.drawnAt) {
        throw new AppException(ErrorCode.SessionOrderAlreadyDrawn, HttpStatus.CONFLICT);
      }
      const slots = await tx.findBy(SessionSlotEntity, { sessionId });
      if (slots.length === 0) {
        throw new AppException(ErrorCode.SessionNoCandidates, HttpStatus.UNPROCESSABLE_ENTITY);
      }
      const drawnAt = new Date();
      const sources = [sessionId, drawnAt.toISOString(), ...(publicValue ? [publicValue] : [])];
      const outcome = shuffleByDraw({
        secret: record.secret,
        sources,
        items: slots.map((slot) => slot.applicationId),
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
      const positions = positionsFromOrder(outcome.result);
      for (const slot of slots) {
        await tx.update(
          SessionSlotEntity,
          { id: slot.id },
          { position: positions.get(slot.applicationId) },
        );
      }
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'session.order_draw',
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
      return toDrawRecordView(record);
    });
  }

  private async refuse(sessionId: string): Promise<never> {
    if (!(await this.sessions.exists(sessionId))) {
      throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    }
    throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
  }
}
