import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { DataSource } from 'typeorm';
import { SessionSummary } from './dto/session.dto';
import { joinWindow, StaffRole } from './session-rules';
import { InterviewSessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';

export interface StaffScheduleEntry extends SessionSummary {
  role: StaffRole;
  joinOpensAt: string;
  joinClosesAt: string;
}

/**
 * What a candidate sees of their interview. Deliberately without the panel's identities:
 * a candidate who knows the examiners in advance could approach them.
 */
export interface CandidateInterview {
  sessionId: string;
  title: string;
  categoryCode: string;
  startsAt: string;
  endsAt: string;
  joinOpensAt: string;
  joinClosesAt: string;
  orderDrawn: boolean;
  /** Their place in the interview order; null until the order has been drawn. */
  slot: number | null;
}

@Injectable()
export class ScheduleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  private window(startsAt: Date, endsAt: Date) {
    const window = joinWindow(startsAt, endsAt, this.config.rooms.earlyJoinMinutes);
    return {
      joinOpensAt: window.opensAt.toISOString(),
      joinClosesAt: window.closesAt.toISOString(),
    };
  }

  async staffSchedule(userId: string): Promise<StaffScheduleEntry[]> {
    const rows = await this.dataSource
      .getRepository(InterviewSessionEntity)
      .createQueryBuilder('s')
      .innerJoin('session_participants', 'p', 'p.session_id = s.id AND p.user_id = :userId', {
        userId,
      })
      .addSelect('p.role', 'assignment')
      .orderBy('s.starts_at', 'ASC')
      .limit(500)
      .getRawAndEntities<{ s_id: string; assignment: StaffRole }>();
    const roles = new Map(rows.raw.map((raw) => [raw.s_id, raw.assignment]));
    const summaries = await this.sessions.summaries(rows.entities);
    return summaries.map((summary) => ({
      ...summary,
      role: roles.get(summary.id) as StaffRole,
      ...this.window(new Date(summary.startsAt), new Date(summary.endsAt)),
    }));
  }

  async candidateInterviews(userId: string): Promise<CandidateInterview[]> {
    const rows = await this.dataSource.query<
      {
        sessionId: string;
        title: string;
        categoryCode: string;
        startsAt: Date;
        endsAt: Date;
        position: number;
        drawn: boolean;
      }[]
    >(
      `SELECT s.id AS "sessionId", s.title, s.category_code AS "categoryCode",
              s.starts_at AS "startsAt", s.ends_at AS "endsAt", c.position,
              (d.drawn_at IS NOT NULL) AS drawn
         FROM session_slots c
         JOIN interview_sessions s ON s.id = c.session_id
         LEFT JOIN draw_records d ON d.subject_id = s.id AND d.purpose = 'interview_order'
        WHERE c.candidate_id = $1
        ORDER BY s.starts_at`,
      [userId],
    );
    return rows.map((row) => ({
      sessionId: row.sessionId,
      title: row.title,
      categoryCode: row.categoryCode,
      startsAt: new Date(row.startsAt).toISOString(),
      endsAt: new Date(row.endsAt).toISOString(),
      ...this.window(new Date(row.startsAt), new Date(row.endsAt)),
      orderDrawn: row.drawn === true,
      slot: row.drawn === true ? row.position : null,
    }));
  }
}
