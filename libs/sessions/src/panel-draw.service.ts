import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import {
  commitmentOf,
  DRAW_ALGORITHM,
  DrawError,
  drawPanel,
  newDrawSecret,
  PanelDraw,
  PanelDrawRecord,
  PoolExaminer,
} from '@yunzhao/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CreatePanelDrawDto } from './dto/panel-draw.dto';
import { SessionsService } from './sessions.service';

const PANEL_PURPOSE = 'panel';
const EXAMINER_ROLES = ['examiner', 'chief_examiner'];

/**
 * What a panel draw needs besides the plain draw columns. `draw_records` has no column for it,
 * so for purpose 'panel' the jsonb `items` column holds this object (the drawn items are in
 * `record.items`); `subject_id` is the draw's own fresh uuid.
 */
interface StoredPanelDraw {
  campaignId: string;
  sessionId: string | null;
  size: number;
  pool: PoolExaminer[];
  /** Recused pool members: the ones HR named plus conflicts declared in the session. */
  recusedIds: string[];
  record: PanelDrawRecord | null;
}

interface PanelDrawRow {
  id: string;
  commitment: string;
  secret: string;
  items: StoredPanelDraw;
  drawn_at: Date | null;
  drawn_by: string | null;
}

export interface PanelDrawView {
  id: string;
  campaignId: string;
  sessionId: string | null;
  size: number;
  pool: { userId: string; hiringSide: boolean }[];
  recusedUserIds: string[];
  algorithm: string;
  commitment: string;
  drawn: boolean;
  /** Shown only once the draw is done. */
  secret: string | null;
  drawnAt: string | null;
  record: PanelDrawRecord | null;
  members: { userId: string; hiringSide: boolean }[] | null;
}

/** The verifiable record as published: accepted by `npm run verify-draw`. */
export type PublishedPanelRecord = PanelDrawRecord & {
  purpose: 'panel';
  id: string;
  campaignId: string;
  sessionId: string | null;
  drawnAt: string;
};

const toMember = (examiner: PoolExaminer) => ({
  userId: examiner.id,
  hiringSide: examiner.hiringSide,
});

function toView(row: PanelDrawRow): PanelDrawView {
  const stored = row.items;
  const drawn = row.drawn_at !== null && stored.record !== null;
  const hiringSide = new Map(stored.pool.map((examiner) => [examiner.id, examiner.hiringSide]));
  return {
    id: row.id,
    campaignId: stored.campaignId,
    sessionId: stored.sessionId,
    size: stored.size,
    pool: stored.pool.map(toMember),
    recusedUserIds: stored.recusedIds,
    algorithm: DRAW_ALGORITHM,
    commitment: row.commitment,
    drawn,
    secret: drawn ? row.secret : null,
    drawnAt: row.drawn_at?.toISOString() ?? null,
    record: drawn ? stored.record : null,
    members: stored.record
      ? stored.record.panel.members.map((id) => ({ userId: id, hiringSide: !!hiringSide.get(id) }))
      : null,
  };
}

/**
 * Drawing an examiner panel from a pool by lot (commit-reveal, `drawPanel`): recused examiners
 * never sit and at most one examiner comes from the hiring side.
 */
@Injectable()
export class PanelDrawService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreatePanelDrawDto, user: AuthUser): Promise<PanelDrawView> {
    const campaign = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM campaigns WHERE id = $1',
      [input.campaignId],
    );
    if (campaign.length === 0) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    const pool = input.pool.map((member) => ({ id: member.userId, hiringSide: member.hiringSide }));
    await this.requireExaminers(pool.map((examiner) => examiner.id));

    const recused = new Set(input.recusedUserIds ?? []);
    if (input.sessionId) {
      const session = await this.sessions.findSession(input.sessionId);
      if (session.campaignId !== input.campaignId) {
        throw new AppException(
          ErrorCode.PanelSessionOtherCampaign,
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      const conflicted = await this.dataSource.query<{ examiner_id: string }[]>(
        'SELECT DISTINCT examiner_id FROM session_recusals WHERE session_id = $1',
        [input.sessionId],
      );
      for (const row of conflicted) recused.add(row.examiner_id);
    }
    const poolIds = new Set(pool.map((examiner) => examiner.id));
    const recusedIds = [...recused].filter((id) => poolIds.has(id)).sort();

    const secret = newDrawSecret();
    // Refuse now rather than at draw time: a trial run with the same inputs fails exactly when
    // the real one would (the outcome is discarded, the sources differ).
    this.runEngine({ secret, sources: ['feasibility'], pool, size: input.size, recusedIds });

    const stored: StoredPanelDraw = {
      campaignId: input.campaignId,
      sessionId: input.sessionId ?? null,
      size: input.size,
      pool,
      recusedIds,
      record: null,
    };
    const commitment = commitmentOf(secret);
    const id = await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }[]>(
        `INSERT INTO draw_records (purpose, subject_id, algorithm, commitment, secret, items)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $5::jsonb) RETURNING id`,
        [PANEL_PURPOSE, DRAW_ALGORITHM, commitment, secret, JSON.stringify(stored)],
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'panel.draw.create',
          subject: `panel_draw:${row.id}`,
          details: {
            campaignId: stored.campaignId,
            sessionId: stored.sessionId,
            size: stored.size,
            pool: stored.pool.map(toMember),
            recusedIds,
            commitment,
          },
        },
        tx,
      );
      return row.id;
    });
    return this.view(id);
  }

  async view(id: string): Promise<PanelDrawView> {
    return toView(await this.findRow(this.dataSource.manager, id, false));
  }

  async draw(
    id: string,
    publicValue: string | undefined,
    user: AuthUser,
  ): Promise<{ record: PanelDrawRecord; members: { userId: string; hiringSide: boolean }[] }> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const row = await this.findRow(tx, id, true);
      if (row.drawn_at) throw new AppException(ErrorCode.PanelAlreadyDrawn, HttpStatus.CONFLICT);
      const stored = row.items;
      const drawnAt = new Date();
      const result = this.runEngine({
        secret: row.secret,
        sources: [row.id, drawnAt.toISOString(), publicValue ?? ''],
        pool: stored.pool,
        size: stored.size,
        recusedIds: stored.recusedIds,
      });
      const { record } = result;
      await tx.query(
        `UPDATE draw_records SET sources = $2::jsonb, items = $3::jsonb, count = $4,
           result = $5::jsonb, drawn_at = $6, drawn_by = $7
         WHERE id = $1`,
        [
          row.id,
          JSON.stringify(record.sources),
          JSON.stringify({ ...stored, record }),
          record.count,
          JSON.stringify(record.result),
          drawnAt,
          actorOf(user),
        ],
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'panel.draw',
          subject: `panel_draw:${row.id}`,
          details: {
            algorithm: record.algorithm,
            commitment: record.commitment,
            secret: record.secret,
            sources: record.sources,
            items: record.items,
            count: record.count,
            result: record.result,
            panel: { ...record.panel },
          },
        },
        tx,
      );
      return result;
    });
    return { record: outcome.record, members: outcome.members.map(toMember) };
  }

  /** The exported record; 404 until the draw is done (the commitment is in the HR view). */
  async publicRecord(id: string): Promise<PublishedPanelRecord> {
    const row = await this.findRow(this.dataSource.manager, id, false);
    const { record } = row.items;
    if (!row.drawn_at || !record) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return {
      ...record,
      purpose: PANEL_PURPOSE,
      id: row.id,
      campaignId: row.items.campaignId,
      sessionId: row.items.sessionId,
      drawnAt: row.drawn_at.toISOString(),
    };
  }

  private async requireExaminers(userIds: string[]): Promise<void> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM users WHERE id = ANY($1::uuid[]) AND roles && $2::text[]',
      [userIds, EXAMINER_ROLES],
    );
    const examiners = new Set(rows.map((row) => row.id));
    const notExaminers = userIds.filter((id) => !examiners.has(id));
    if (notExaminers.length > 0) {
      throw new AppException(ErrorCode.PanelPoolNotExaminer, HttpStatus.UNPROCESSABLE_ENTITY, {
        userIds: notExaminers,
      });
    }
  }

  private runEngine(input: Parameters<typeof drawPanel>[0]): PanelDraw {
    try {
      return drawPanel(input);
    } catch (error) {
      if (error instanceof DrawError) {
        throw new AppException(ErrorCode.PanelCannotBeFilled, HttpStatus.UNPROCESSABLE_ENTITY, {
          reason: error.message,
        });
      }
      throw error;
    }
  }

  private async findRow(tx: EntityManager, id: string, lock: boolean): Promise<PanelDrawRow> {
    const rows = await tx.query<PanelDrawRow[]>(
      `SELECT id, commitment, secret, items, drawn_at, drawn_by FROM draw_records
       WHERE id = $1 AND purpose = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, PANEL_PURPOSE],
    );
    if (rows.length === 0) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    return rows[0];
  }
}
