import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import {
  bestTier,
  lookupUniversityTiers,
  universityLookupKey,
  UniversityFlags,
  UniversityTier,
  universityTiers,
} from '@yunzhao/domain';
import { DataSource } from 'typeorm';
import { parseUniversitiesCsv } from './bundled';
import { CsvError } from './csv';
import { ExpiringCache } from './expiring-cache';
import { DisciplineEntity, UniversityEntity } from './reference-data.entity';

export interface UniversityView {
  nameZh: string;
  nameEn: string;
  tiers: UniversityTier[];
}

// Reference lists change a few times a year; a short cache keeps every
// application from re-reading them while an import still shows within a minute
// on every instance.
const CACHE_TTL_MS = 60_000;

@Injectable()
export class ReferenceDataService {
  private readonly universities = new ExpiringCache(CACHE_TTL_MS, () => this.loadUniversityIndex());
  private readonly disciplineCodes = new ExpiringCache(CACHE_TTL_MS, async () => {
    const rows = await this.dataSource
      .getRepository(DisciplineEntity)
      .find({ select: { code: true } });
    return new Set(rows.map((row) => row.code));
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listUniversities(q?: string): Promise<UniversityView[]> {
    const query = this.dataSource
      .getRepository(UniversityEntity)
      .createQueryBuilder('u')
      .orderBy('u.name_zh');
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where('(u.name_zh ILIKE :like OR u.name_en ILIKE :like)', { like });
    }
    const rows = await query.getMany();
    return rows.map((row) => ({
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      tiers: universityTiers(row),
    }));
  }

  listDisciplines(): Promise<DisciplineEntity[]> {
    return this.dataSource.getRepository(DisciplineEntity).find({ order: { code: 'ASC' } });
  }

  async categoryNames(codes: string[]): Promise<Map<string, DisciplineEntity>> {
    const rows = await this.dataSource
      .getRepository(DisciplineEntity)
      .createQueryBuilder('d')
      .where('d.code IN (:...codes)', { codes: codes.length > 0 ? codes : [''] })
      .getMany();
    return new Map(rows.map((row) => [row.code, row]));
  }

  /** Whether a code is in the catalogue (2-digit category or 4-digit discipline). */
  async isKnownCode(code: string): Promise<boolean> {
    return (await this.disciplineCodes.get()).has(code);
  }

  /** Tiers of a university named in Chinese or English; unknown names have none. */
  async tiersOf(universityName: string): Promise<UniversityTier[]> {
    return lookupUniversityTiers(universityName, await this.universities.get());
  }

  async bestTierOf(universityName: string) {
    return bestTier(await this.tiersOf(universityName));
  }

  private async loadUniversityIndex(): Promise<Map<string, UniversityFlags>> {
    const rows = await this.dataSource.getRepository(UniversityEntity).find();
    const byKey = new Map<string, UniversityFlags>();
    for (const row of rows) {
      byKey.set(universityLookupKey(row.nameZh), row);
      if (row.nameEn) byKey.set(universityLookupKey(row.nameEn), row);
    }
    return byKey;
  }

  /**
   * Replaces the university list with an uploaded CSV of the same format as the
   * bundled one (for the next round of the double first-class list). Rows not
   * in the file are removed; the change is audited with its counts.
   */
  async importUniversities(
    csv: string,
    actor: string,
  ): Promise<{ total: number; added: number; removed: number }> {
    let rows;
    try {
      rows = parseUniversitiesCsv(csv);
    } catch (error) {
      if (error instanceof CsvError)
        throw new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST, {
          csv: error.message,
        });
      throw error;
    }
    if (rows.length === 0)
      throw new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST, { csv: 'no rows' });
    const result = await this.dataSource.transaction(async (tx) => {
      const before = new Set(
        (await tx.find(UniversityEntity, { select: { nameZh: true } })).map((u) => u.nameZh),
      );
      await tx.delete(UniversityEntity, {});
      await tx.insert(UniversityEntity, rows);
      const added = rows.filter((row) => !before.has(row.nameZh)).length;
      const removed = before.size - (rows.length - added);
      const counts = { total: rows.length, added, removed };
      await this.audit.record(
        {
          actor,
          action: 'reference.universities_import',
          subject: 'reference:universities',
          details: counts,
        },
        tx,
      );
      return counts;
    });
    this.universities.invalidate();
    return result;
  }
}
