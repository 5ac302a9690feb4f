import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SessionTimelineEntryEntity } from './session-timeline-entry.entity';

/** Event types a session room writes, in the words the timeline shows. */
export const TIMELINE_TYPES = [
  'peer.joined',
  'peer.left',
  'candidate.calledIn',
  'candidate.sentBack',
  'turn.ended',
  'identityCheck.started',
  'identityCheck.ended',
  'message.refused',
  'room.rebuilt',
  'questions.supervisorValue',
  'questions.drawn',
  'question.revealed',
  'score.published',
  'score.confirmed',
  'score.corrected',
  'recording.started',
  'recording.gap',
  'recording.stopped',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry {
  seq: string;
  sessionId: string;
  type: string;
  actorUserId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
}

@Injectable()
export class TimelineService {
  constructor(
    @InjectRepository(SessionTimelineEntryEntity)
    private readonly entries: Repository<SessionTimelineEntryEntity>,
  ) {}

  async record(
    sessionId: string,
    type: TimelineType,
    actorUserId: string | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    await this.entries.save(this.entries.create({ sessionId, type, actorUserId, payload }));
  }

  async isSupervisorOf(sessionId: string, userId: string): Promise<boolean> {
    const rows = await this.entries.manager.query<unknown[]>(
      `SELECT 1 FROM session_participants
        WHERE session_id = $1 AND user_id = $2 AND role = 'supervisor'`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  /** The whole timeline of one session, oldest first; only the given types when some are named. */
  async list(sessionId: string, types?: readonly TimelineType[]): Promise<TimelineEntry[]> {
    const rows = await this.entries.find({
      where: { sessionId, ...(types ? { type: In([...types]) } : {}) },
      order: { seq: 'ASC' },
    });
    return rows.map((row) => ({
      seq: row.seq,
      sessionId: row.sessionId,
      type: row.type,
      actorUserId: row.actorUserId,
      payload: row.payload,
      occurredAt: row.occurredAt.toISOString(),
    }));
  }
}
