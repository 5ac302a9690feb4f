import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { CampaignEntity, lockCategoryCodes } from '@yunzhao/campaigns';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, ValidationFailedException } from '@yunzhao/core';
import { AggregationMethod, Rubric, validateRubric } from '@yunzhao/domain';
import { DataSource, EntityManager } from 'typeorm';
import { PutRubricDto } from './dto/scoring.dto';
import { notFound } from './scoring-access';
import {
  ScoreSheetEntity,
  ScoringRubricEntity,
  ScoringSettingsEntity,
  StoredDimension,
} from './scoring.entity';

export const DEFAULT_CATEGORY = '*';
export const DEFAULT_METHOD: AggregationMethod = 'total-trimmed-mean';

export interface RubricView {
  id: string;
  campaignId: string;
  categoryCode: string;
  dimensions: StoredDimension[];
  maxTotal: number;
  /** True once an examiner has marked with it: it can no longer change. */
  inUse: boolean;
  updatedAt: string;
}

/** The domain's view of a stored rubric. */
export const asRubric = (dimensions: readonly StoredDimension[]): Rubric => ({
  dimensions: dimensions.map(({ key, label, max }) => ({ key, label, max })),
});

const maxTotal = (dimensions: readonly StoredDimension[]) =>
  Math.round(dimensions.reduce((sum, d) => sum + Math.round(d.max * 100), 0)) / 100;

/** Rubrics per campaign and category, and the campaign's aggregation method (HR). */
@Injectable()
export class RubricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(campaignId: string): Promise<RubricView[]> {
    await this.campaignOrNotFound(campaignId);
    const rubrics = await this.dataSource.getRepository(ScoringRubricEntity).find({
      where: { campaignId },
      order: { categoryCode: 'ASC' },
    });
    return Promise.all(rubrics.map((rubric) => this.view(rubric)));
  }

  async put(
    campaignId: string,
    categoryCode: string,
    input: PutRubricDto,
    actor: string,
  ): Promise<RubricView> {
    await this.campaignOrNotFound(campaignId);
    const dimensions: StoredDimension[] = input.dimensions.map((d) => ({
      key: d.key,
      label: d.label.trim(),
      labelEn: d.labelEn?.trim() || d.label.trim(),
      max: d.max,
      bands: (d.bands ?? []).map((band) => ({ ...band, label: band.label.trim() })),
    }));
    const problems = [
      ...validateRubric(asRubric(dimensions)),
      ...dimensions.flatMap((d) =>
        d.bands
          .filter((band) => band.min > band.max || band.max > d.max)
          .map((band) => `dimension '${d.key}': band '${band.label}' must lie within 0..${d.max}`),
      ),
    ];
    if (problems.length > 0) {
      throw new AppException(ErrorCode.ScoringRubricInvalid, HttpStatus.UNPROCESSABLE_ENTITY, {
        problems,
      });
    }
    const saved = await this.dataSource.transaction(async (tx) => {
      // A category's rubric names it by code: the campaign must have that category, and keeps
      // it until this commits (a concurrent deletion waits, then counts this rubric). The
      // default rubric ('*') names none.
      if (categoryCode !== DEFAULT_CATEGORY) {
        const missing = await lockCategoryCodes(tx, campaignId, [categoryCode]);
        if (missing === null) throw notFound();
        if (missing.length > 0) {
          throw new ValidationFailedException([
            {
              field: 'categoryCode',
              constraints: [{ name: 'isCampaignCategory', args: [categoryCode] }],
            },
          ]);
        }
      }
      const existing = await tx.findOne(ScoringRubricEntity, {
        where: { campaignId, categoryCode },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing && (await tx.existsBy(ScoreSheetEntity, { rubricId: existing.id }))) {
        throw new AppException(ErrorCode.ScoringRubricInUse, HttpStatus.CONFLICT);
      }
      const rubric = existing ?? tx.create(ScoringRubricEntity, { campaignId, categoryCode });
      rubric.dimensions = dimensions;
      const row = await tx.save(rubric);
      await this.audit.record(
        {
          actor,
          action: 'score.rubric.set',
          subject: `campaign:${campaignId}`,
          details: {
            rubricId: row.id,
            categoryCode,
            dimensions: dimensions.map(({ key, label, max }) => ({ key, label, max })),
          },
        },
        tx,
      );
      return row;
    });
    return this.view(saved);
  }

  async method(campaignId: string, manager: EntityManager = this.dataSource.manager) {
    const settings = await manager.findOneBy(ScoringSettingsEntity, { campaignId });
    return settings?.aggregationMethod ?? DEFAULT_METHOD;
  }

  async settings(campaignId: string) {
    await this.campaignOrNotFound(campaignId);
    return { campaignId, aggregationMethod: await this.method(campaignId) };
  }

  async setMethod(campaignId: string, method: AggregationMethod, actor: string) {
    await this.campaignOrNotFound(campaignId);
    await this.dataSource.transaction(async (tx) => {
      const before = await this.method(campaignId, tx);
      await tx.upsert(ScoringSettingsEntity, { campaignId, aggregationMethod: method }, [
        'campaignId',
      ]);
      await this.audit.record(
        {
          actor,
          action: 'score.settings.set',
          subject: `campaign:${campaignId}`,
          details: { aggregationMethod: { before, after: method } },
        },
        tx,
      );
    });
    return { campaignId, aggregationMethod: method };
  }

  /** The rubric that applies to a session: its category's, else the campaign default. */
  async forCategory(
    campaignId: string,
    categoryCode: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ScoringRubricEntity> {
    const rows = await manager.find(ScoringRubricEntity, {
      where: [
        { campaignId, categoryCode },
        { campaignId, categoryCode: DEFAULT_CATEGORY },
      ],
    });
    const rubric =
      rows.find((row) => row.categoryCode === categoryCode) ??
      rows.find((row) => row.categoryCode === DEFAULT_CATEGORY);
    if (!rubric) {
      throw new AppException(ErrorCode.ScoringRubricMissing, HttpStatus.UNPROCESSABLE_ENTITY, {
        campaignId,
        categoryCode,
      });
    }
    return rubric;
  }

  async view(rubric: ScoringRubricEntity): Promise<RubricView> {
    return {
      id: rubric.id,
      campaignId: rubric.campaignId,
      categoryCode: rubric.categoryCode,
      dimensions: rubric.dimensions,
      maxTotal: maxTotal(rubric.dimensions),
      inUse: await this.dataSource
        .getRepository(ScoreSheetEntity)
        .existsBy({ rubricId: rubric.id }),
      updatedAt: rubric.updatedAt.toISOString(),
    };
  }

  private async campaignOrNotFound(campaignId: string) {
    if (!(await this.dataSource.getRepository(CampaignEntity).existsBy({ id: campaignId }))) {
      throw notFound();
    }
  }
}
