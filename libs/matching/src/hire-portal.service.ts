import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { DataSource } from 'typeorm';
import {
  beijingTime,
  Bilingual,
  explain,
  lockSettings,
  notFound,
  PositionView,
  positionLabeler,
  toPositionView,
  unprocessable,
} from './matching-common';
import {
  HireStatus,
  MatchingHireEntity,
  MatchingPositionEntity,
  MatchingRunEntity,
  MatchingSettingsEntity,
} from './matching.entity';

export interface MyAssignment {
  /** null: not placed. */
  position: PositionView | null;
  choice: number | null;
  explanation: Bilingual;
  publishedAt: string;
  /** Placed by a backfill after another hire withdrew. */
  backfill: boolean;
  adjustedByHr: boolean;
}

export interface MyMatching {
  campaignId: string;
  campaignName: string;
  hireId: string;
  status: HireStatus;
  rank: number;
  discipline: string;
  window: { opensAt: string | null; closesAt: string | null; open: boolean };
  maxPreferences: number;
  /** The positions that accept the hire's discipline, by code. */
  positions: PositionView[];
  /** The hire's list, most wanted first. */
  preferences: PositionView[];
  preferencesUpdatedAt: string | null;
  /** From the published result only; null before publication or when not part of it. */
  assignment: MyAssignment | null;
}

/** The hire's own side: their positions, their list, their published outcome. Nobody else's. */
@Injectable()
export class HirePortalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async mine(userId: string): Promise<MyMatching[]> {
    const hires = await this.dataSource.getRepository(MatchingHireEntity).find({
      where: { candidateId: userId },
      order: { createdAt: 'DESC' },
    });
    return Promise.all(hires.map((hire) => this.view(hire)));
  }

  async one(userId: string, campaignId: string): Promise<MyMatching> {
    const hire = await this.dataSource
      .getRepository(MatchingHireEntity)
      .findOneBy({ candidateId: userId, campaignId });
    if (!hire) throw notFound();
    return this.view(hire);
  }

  private async view(hire: MatchingHireEntity): Promise<MyMatching> {
    const [[campaign], settings, positions, published] = await Promise.all([
      this.dataSource.query<{ name: string }[]>('SELECT name FROM campaigns WHERE id = $1', [
        hire.campaignId,
      ]),
      this.dataSource
        .getRepository(MatchingSettingsEntity)
        .findOneBy({ campaignId: hire.campaignId }),
      this.dataSource
        .getRepository(MatchingPositionEntity)
        .find({ where: { campaignId: hire.campaignId }, order: { code: 'ASC' } }),
      this.dataSource
        .getRepository(MatchingRunEntity)
        .findOneBy({ campaignId: hire.campaignId, status: 'published' }),
    ]);
    const byId = new Map(positions.map((p) => [p.id, toPositionView(p)]));
    const now = Date.now();
    const opens = settings?.preferencesOpenAt ?? null;
    const closes = settings?.preferencesCloseAt ?? null;
    return {
      campaignId: hire.campaignId,
      campaignName: campaign?.name ?? '',
      hireId: hire.id,
      status: hire.status,
      rank: hire.rank,
      discipline: hire.disciplineCode,
      window: {
        opensAt: opens?.toISOString() ?? null,
        closesAt: closes?.toISOString() ?? null,
        open:
          hire.status === 'active' &&
          opens !== null &&
          closes !== null &&
          opens.getTime() <= now &&
          now < closes.getTime(),
      },
      maxPreferences: settings?.maxPreferences ?? 5,
      positions: positions
        .filter((p) => p.disciplines.includes(hire.disciplineCode))
        .map(toPositionView),
      preferences: hire.preferences.flatMap((id) => {
        const view = byId.get(id);
        return view ? [view] : [];
      }),
      preferencesUpdatedAt: hire.preferencesUpdatedAt?.toISOString() ?? null,
      assignment: published ? this.assignment(hire.id, published, positions) : null,
    };
  }

  private assignment(
    hireId: string,
    run: MatchingRunEntity,
    positions: MatchingPositionEntity[],
  ): MyAssignment | null {
    const label = positionLabeler(positions);
    const base = { publishedAt: run.publishedAt?.toISOString() ?? '' };
    const override = [...run.overrides].reverse().find((o) => o.hire === hireId);
    const assigned = run.result.assignments.find((a) => a.hire === hireId);
    if (assigned) {
      const position = positions.find((p) => p.id === assigned.position);
      return {
        ...base,
        position: position ? toPositionView(position) : null,
        choice: assigned.choice,
        explanation: explain(assigned.explanation, label, override),
        backfill: assigned.explanation.code === 'backfill.assigned',
        adjustedByHr: override !== undefined,
      };
    }
    const detail = run.result.unassignedDetails.find((d) => d.hire === hireId);
    if (!detail) return null;
    return {
      ...base,
      position: null,
      choice: null,
      explanation: explain(detail.explanation, label),
      backfill: false,
      adjustedByHr: false,
    };
  }

  /** Replaces the hire's list, inside the window only, with positions open to their discipline. */
  async setPreferences(
    userId: string,
    campaignId: string,
    positionIds: string[],
  ): Promise<MyMatching> {
    const hire = await this.dataSource.transaction(async (tx) => {
      const settings = await lockSettings(tx, campaignId);
      const row = await tx.findOneBy(MatchingHireEntity, { candidateId: userId, campaignId });
      if (!row) throw notFound();
      if (row.status !== 'active') throw unprocessable(ErrorCode.MatchingHireWithdrawn);
      const opens = settings.preferencesOpenAt;
      const closes = settings.preferencesCloseAt;
      if (!opens || !closes) throw unprocessable(ErrorCode.MatchingWindowNotSet);
      const now = Date.now();
      if (now < opens.getTime() || now >= closes.getTime()) {
        throw unprocessable(ErrorCode.MatchingOutsideWindow, {
          opensAt: beijingTime(opens),
          closesAt: beijingTime(closes),
          preferencesOpenAt: opens.toISOString(),
          preferencesCloseAt: closes.toISOString(),
        });
      }
      if (positionIds.length > settings.maxPreferences) {
        throw unprocessable(ErrorCode.MatchingTooManyPreferences, {
          max: String(settings.maxPreferences),
        });
      }
      const open = new Set(
        (await tx.findBy(MatchingPositionEntity, { campaignId }))
          .filter((p) => p.disciplines.includes(row.disciplineCode))
          .map((p) => p.id),
      );
      const refused = positionIds.filter((id) => !open.has(id));
      if (refused.length > 0) {
        throw unprocessable(ErrorCode.MatchingPositionNotOpen, {
          discipline: row.disciplineCode,
          positionIds: refused,
        });
      }
      row.preferences = positionIds;
      row.preferencesUpdatedAt = new Date();
      await tx.save(row);
      await this.audit.record(
        {
          actor: `user:${userId}`,
          action: 'matching.preferences_submit',
          subject: `matching_hire:${row.id}`,
          details: { campaignId, preferences: positionIds },
        },
        tx,
      );
      return row;
    });
    return this.view(hire);
  }
}
