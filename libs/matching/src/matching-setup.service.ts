import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { isUniqueViolation, refuseOnViolation } from '@yunzhao/db';
import type { DrawRecord } from '@yunzhao/domain';
import { ReferenceDataService } from '@yunzhao/reference-data';
import { ResultsService } from '@yunzhao/scoring';
import { DataSource } from 'typeorm';
import {
  AddHireDto,
  CreatePositionDto,
  MatchingSettingsDto,
  UpdatePositionDto,
} from './dto/matching.dto';
import {
  lockSettings,
  notFound,
  PositionView,
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

export interface SettingsView {
  campaignId: string;
  preferencesOpenAt: string | null;
  preferencesCloseAt: string | null;
  maxPreferences: number;
  /** The verifiable tie-break draw, once drawn (secret revealed: the order is already fixed). */
  lot: DrawRecord | null;
}

export interface HireView {
  id: string;
  candidateId: string;
  name: string;
  rank: number;
  /** Place among equal ranks from the lot (1 first), once drawn. */
  lot: number | null;
  disciplineCode: string;
  status: HireStatus;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  preferences: string[];
  preferencesUpdatedAt: string | null;
}

function toSettingsView(row: MatchingSettingsEntity | null, campaignId: string): SettingsView {
  return {
    campaignId,
    preferencesOpenAt: row?.preferencesOpenAt?.toISOString() ?? null,
    preferencesCloseAt: row?.preferencesCloseAt?.toISOString() ?? null,
    maxPreferences: row?.maxPreferences ?? 5,
    lot: row?.lot ?? null,
  };
}

/** HR's side before the runs: the preference window, positions and who was hired. */
@Injectable()
export class MatchingSetupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceDataService,
    private readonly results: ResultsService,
  ) {}

  async campaignExists(campaignId: string): Promise<void> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM campaigns WHERE id = $1',
      [campaignId],
    );
    if (!row) throw notFound();
  }

  async settings(campaignId: string): Promise<SettingsView> {
    await this.campaignExists(campaignId);
    const row = await this.dataSource
      .getRepository(MatchingSettingsEntity)
      .findOneBy({ campaignId });
    return toSettingsView(row, campaignId);
  }

  async putSettings(
    campaignId: string,
    input: MatchingSettingsDto,
    actor: string,
  ): Promise<SettingsView> {
    const opens = input.preferencesOpenAt === null ? null : new Date(input.preferencesOpenAt);
    const closes = input.preferencesCloseAt === null ? null : new Date(input.preferencesCloseAt);
    if (opens && closes && closes <= opens) {
      throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, [
        { field: 'preferencesCloseAt', messages: ['must be after preferencesOpenAt'] },
      ]);
    }
    return this.dataSource.transaction(async (tx) => {
      const row = await lockSettings(tx, campaignId);
      row.preferencesOpenAt = opens;
      row.preferencesCloseAt = closes;
      row.maxPreferences = input.maxPreferences;
      const saved = await tx.save(row);
      await this.audit.record(
        {
          actor,
          action: 'matching.settings_update',
          subject: `campaign:${campaignId}`,
          details: {
            preferencesOpenAt: opens?.toISOString() ?? null,
            preferencesCloseAt: closes?.toISOString() ?? null,
            maxPreferences: input.maxPreferences,
          },
        },
        tx,
      );
      return toSettingsView(saved, campaignId);
    });
  }

  // ---- positions ----

  async positions(campaignId: string): Promise<PositionView[]> {
    await this.campaignExists(campaignId);
    const rows = await this.dataSource
      .getRepository(MatchingPositionEntity)
      .find({ where: { campaignId }, order: { code: 'ASC' } });
    return rows.map(toPositionView);
  }

  private async checkDisciplines(codes: readonly string[]): Promise<void> {
    const unknown: string[] = [];
    for (const code of codes) if (!(await this.reference.isKnownCode(code))) unknown.push(code);
    if (unknown.length > 0) {
      throw unprocessable(ErrorCode.MatchingUnknownDiscipline, { codes: unknown.join(', ') });
    }
  }

  async createPosition(
    campaignId: string,
    input: CreatePositionDto,
    actor: string,
  ): Promise<PositionView> {
    await this.checkDisciplines(input.disciplines);
    return this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const saved = await refuseOnViolation(
        () =>
          tx.save(
            tx.create(MatchingPositionEntity, {
              campaignId,
              code: input.code,
              unit: input.unit.trim(),
              title: input.title.trim(),
              level: input.level,
              disciplines: input.disciplines,
              quota: input.quota,
            }),
          ),
        isUniqueViolation,
        () => new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'matching.position_create',
          subject: `matching_position:${saved.id}`,
          details: {
            campaignId,
            code: saved.code,
            unit: saved.unit,
            title: saved.title,
            level: saved.level,
            disciplines: saved.disciplines,
            quota: saved.quota,
          },
        },
        tx,
      );
      return toPositionView(saved);
    });
  }

  async updatePosition(
    campaignId: string,
    positionId: string,
    input: UpdatePositionDto,
    actor: string,
  ): Promise<PositionView> {
    if (input.disciplines) await this.checkDisciplines(input.disciplines);
    return this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const row = await tx.findOneBy(MatchingPositionEntity, { id: positionId, campaignId });
      if (!row) throw notFound();
      const before = toPositionView(row);
      if (input.unit != null) row.unit = input.unit.trim();
      if (input.title != null) row.title = input.title.trim();
      if (input.level != null) row.level = input.level;
      if (input.disciplines != null) row.disciplines = input.disciplines;
      if (input.quota != null) row.quota = input.quota;
      const saved = await tx.save(row);
      const after = toPositionView(saved);
      await this.audit.record(
        {
          actor,
          action: 'matching.position_update',
          subject: `matching_position:${positionId}`,
          details: {
            campaignId,
            before: { ...before },
            after: { ...after },
          },
        },
        tx,
      );
      return after;
    });
  }

  /** A position of the published result cannot go: backfills start from that result. */
  async deletePosition(campaignId: string, positionId: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const row = await tx.findOneBy(MatchingPositionEntity, { id: positionId, campaignId });
      if (!row) throw notFound();
      const published = await tx.findOneBy(MatchingRunEntity, { campaignId, status: 'published' });
      if (published?.input.positions.some((p) => p.id === positionId)) {
        throw new AppException(ErrorCode.InUse, HttpStatus.CONFLICT);
      }
      await tx.delete(MatchingPositionEntity, { id: positionId });
      await this.audit.record(
        {
          actor,
          action: 'matching.position_delete',
          subject: `matching_position:${positionId}`,
          details: { campaignId, code: row.code, unit: row.unit, title: row.title },
        },
        tx,
      );
    });
  }

  // ---- hires ----

  async hires(campaignId: string): Promise<HireView[]> {
    await this.campaignExists(campaignId);
    const [rows, settings] = await Promise.all([
      this.dataSource.query<HireRow[]>(
        HIRE_QUERY + ' WHERE h.campaign_id = $1 ORDER BY h.rank, h.id',
        [campaignId],
      ),
      this.dataSource.getRepository(MatchingSettingsEntity).findOneBy({ campaignId }),
    ]);
    const lots = lotPlaces(settings?.lot ?? null);
    return rows.map((row) => toHireView(row, lots));
  }

  async addHire(campaignId: string, input: AddHireDto, actor: string): Promise<HireView> {
    await this.campaignExists(campaignId);
    let rank = input.rank;
    if (rank === undefined) {
      const groups = await this.results.ranking(campaignId, 'category');
      const row = groups.flatMap((g) => g.rows).find((r) => r.candidateId === input.candidateId);
      if (!row) throw unprocessable(ErrorCode.MatchingRankUnknown);
      rank = row.rank;
    }
    const finalRank = rank;
    const id = await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const [application] = await tx.query<{ id: string; discipline_code: string }[]>(
        `SELECT id, discipline_code FROM applications
          WHERE campaign_id = $1 AND candidate_id = $2 AND status = 'approved'`,
        [campaignId, input.candidateId],
      );
      if (!application) throw unprocessable(ErrorCode.MatchingNotApproved);
      const saved = await refuseOnViolation(
        () =>
          tx.save(
            tx.create(MatchingHireEntity, {
              campaignId,
              candidateId: input.candidateId,
              applicationId: application.id,
              rank: finalRank,
              disciplineCode: application.discipline_code,
            }),
          ),
        isUniqueViolation,
        () => new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'matching.hire_add',
          subject: `matching_hire:${saved.id}`,
          details: {
            campaignId,
            candidateId: input.candidateId,
            rank: finalRank,
            rankFrom: input.rank === undefined ? 'ranking' : 'hr',
            disciplineCode: saved.disciplineCode,
          },
        },
        tx,
      );
      return saved.id;
    });
    return this.hire(campaignId, id);
  }

  async hire(campaignId: string, hireId: string): Promise<HireView> {
    const [row] = await this.dataSource.query<HireRow[]>(
      HIRE_QUERY + ' WHERE h.campaign_id = $1 AND h.id = $2',
      [campaignId, hireId],
    );
    if (!row) throw notFound();
    const settings = await this.dataSource
      .getRepository(MatchingSettingsEntity)
      .findOneBy({ campaignId });
    return toHireView(row, lotPlaces(settings?.lot ?? null));
  }

  /** Only before any run included the hire: afterwards a hire withdraws instead. */
  async removeHire(campaignId: string, hireId: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const row = await tx.findOneBy(MatchingHireEntity, { id: hireId, campaignId });
      if (!row) throw notFound();
      const [used] = await tx.query<{ id: string }[]>(
        `SELECT id FROM matching_runs WHERE campaign_id = $1
            AND input->'hires' @> jsonb_build_array(jsonb_build_object('id', $2::text)) LIMIT 1`,
        [campaignId, hireId],
      );
      if (used) throw new AppException(ErrorCode.InUse, HttpStatus.CONFLICT);
      await tx.delete(MatchingHireEntity, { id: hireId });
      await this.audit.record(
        {
          actor,
          action: 'matching.hire_remove',
          subject: `matching_hire:${hireId}`,
          details: { campaignId, candidateId: row.candidateId },
        },
        tx,
      );
    });
  }

  async withdrawHire(
    campaignId: string,
    hireId: string,
    reason: string,
    actor: string,
  ): Promise<HireView> {
    await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const row = await tx.findOneBy(MatchingHireEntity, { id: hireId, campaignId });
      if (!row) throw notFound();
      if (row.status === 'withdrawn') throw unprocessable(ErrorCode.MatchingHireWithdrawn);
      row.status = 'withdrawn';
      row.withdrawnAt = new Date();
      row.withdrawReason = reason.trim();
      await tx.save(row);
      await this.audit.record(
        {
          actor,
          action: 'matching.hire_withdraw',
          subject: `matching_hire:${hireId}`,
          details: { campaignId, reason: row.withdrawReason },
        },
        tx,
      );
    });
    return this.hire(campaignId, hireId);
  }
}

interface HireRow {
  id: string;
  candidate_id: string;
  name: string;
  rank: number;
  discipline_code: string;
  status: HireStatus;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  preferences: string[];
  preferences_updated_at: Date | null;
}

const HIRE_QUERY = `
  SELECT h.id, h.candidate_id, COALESCE(p.full_name, u.display_name) AS name, h.rank,
         h.discipline_code, h.status, h.withdrawn_at, h.withdraw_reason, h.preferences,
         h.preferences_updated_at
    FROM matching_hires h
    JOIN users u ON u.id = h.candidate_id
    LEFT JOIN candidate_profiles p ON p.user_id = h.candidate_id`;

/** Hire id → 1-based place in the lot's order. */
export function lotPlaces(lot: DrawRecord | null): Map<string, number> {
  return new Map((lot?.result ?? []).map((id, index) => [id, index + 1]));
}

function toHireView(row: HireRow, lots: Map<string, number>): HireView {
  return {
    id: row.id,
    candidateId: row.candidate_id,
    name: row.name,
    rank: row.rank,
    lot: lots.get(row.id) ?? null,
    disciplineCode: row.discipline_code,
    status: row.status,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawReason: row.withdraw_reason,
    preferences: row.preferences,
    preferencesUpdatedAt: row.preferences_updated_at?.toISOString() ?? null,
  };
}
