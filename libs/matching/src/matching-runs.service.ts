import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import {
  compareHirePriority,
  compareMatchings,
  MatchAlgorithm,
  MatchAssignment,
  MatchComparison,
  MatchHire,
  MatchInput,
  MatchResult,
  newDrawSecret,
  rematchAffected,
  runMatching,
  shuffleByDraw,
} from '@yunzhao/domain';
import { NotificationsService, OutboxMessage } from '@yunzhao/notifications';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Bilingual,
  explain,
  lockSettings,
  notFound,
  PositionView,
  positionLabeler,
  toPositionView,
  unprocessable,
} from './matching-common';
import { lotPlaces } from './matching-setup.service';
import {
  MatchingHireEntity,
  MatchingPositionEntity,
  MatchingRunEntity,
  MatchingSettingsEntity,
  RunKind,
  RunOverride,
  RunStatus,
} from './matching.entity';

export interface RunRow {
  hireId: string;
  candidateId: string | null;
  name: string;
  rank: number;
  lot: number | null;
  discipline: string;
  position: PositionView | null;
  choice: number | null;
  explanation: Bilingual;
  override: RunOverride | null;
  /** Placed by this backfill run. */
  backfilled: boolean;
}

export interface RunSummary {
  id: string;
  algorithm: MatchAlgorithm;
  kind: RunKind;
  status: RunStatus;
  baseRunId: string | null;
  withdrawn: string[];
  createdAt: string;
  publishedAt: string | null;
  assigned: number;
  unassigned: number;
  totalChoice: number;
  averageChoice: number | null;
  choiceHistogram: Record<string, number>;
  overrides: number;
  warnings: number;
}

export interface RunView extends RunSummary {
  rows: RunRow[];
  overrideLog: RunOverride[];
}

export interface ComparisonView {
  a: RunSummary;
  b: RunSummary;
  comparison: MatchComparison;
}

const LOT_SOURCE = 'yunzhao-matching-lot';

function histogram(assignments: readonly { choice: number }[]): Record<string, number> {
  const max = assignments.reduce((m, a) => Math.max(m, a.choice), 0);
  const counts: Record<string, number> = {};
  for (let c = 1; c <= max; c++) counts[String(c)] = 0;
  for (const a of assignments) counts[String(a.choice)]++;
  return counts;
}

function summarise(run: MatchingRunEntity): RunSummary {
  const { result } = run;
  return {
    id: run.id,
    algorithm: run.algorithm,
    kind: run.kind,
    status: run.status,
    baseRunId: run.baseRunId,
    withdrawn: run.withdrawn,
    createdAt: run.createdAt.toISOString(),
    publishedAt: run.publishedAt?.toISOString() ?? null,
    assigned: result.assignments.length,
    unassigned: result.unassigned.length,
    totalChoice: result.totalChoice,
    averageChoice:
      result.assignments.length === 0
        ? null
        : Math.round((result.totalChoice / result.assignments.length) * 100) / 100,
    choiceHistogram: result.choiceHistogram,
    overrides: run.overrides.length,
    warnings: result.warnings.length,
  };
}

/** The latest override of each hire in a run. */
function overridesByHire(run: MatchingRunEntity): Map<string, RunOverride> {
  return new Map(run.overrides.map((o) => [o.hire, o]));
}

/** HR runs the algorithms, compares, overrides, publishes and backfills. */
@Injectable()
export class MatchingRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Runs an algorithm over the current positions and active hires and stores input and result.
   * Equal ranks are ordered by a verifiable lot (draw engine), drawn once and kept; it is drawn
   * again only while nothing is published and it no longer covers every hire.
   */
  async run(campaignId: string, algorithm: MatchAlgorithm, userId: string): Promise<RunView> {
    const id = await this.dataSource.transaction(async (tx) => {
      const settings = await lockSettings(tx, campaignId);
      const hires = await tx.find(MatchingHireEntity, {
        where: { campaignId, status: 'active' },
        order: { id: 'ASC' },
      });
      if (hires.length === 0) throw unprocessable(ErrorCode.MatchingNoHires);
      const positions = await tx.find(MatchingPositionEntity, {
        where: { campaignId },
        order: { id: 'ASC' },
      });
      await this.ensureLot(tx, settings, hires, userId);
      const lots = lotPlaces(settings.lot);
      const input: MatchInput = {
        positions: positions.map((p) => ({ id: p.id, quota: p.quota, disciplines: p.disciplines })),
        hires: hires.map((h) => {
          const hire: MatchHire = {
            id: h.id,
            rank: h.rank,
            discipline: h.disciplineCode,
            preferences: h.preferences,
          };
          const lot = lots.get(h.id);
          if (lot !== undefined) hire.lot = lot;
          return hire;
        }),
      };
      const result = runMatching(input, algorithm);
      const saved = await tx.save(
        tx.create(MatchingRunEntity, {
          campaignId,
          algorithm,
          kind: 'full',
          baseRunId: null,
          input,
          result,
          overrides: [],
          withdrawn: [],
          status: 'draft',
          createdBy: userId,
        }),
      );
      await this.audit.record(
        {
          actor: `user:${userId}`,
          action: 'matching.run',
          subject: `matching_run:${saved.id}`,
          details: {
            campaignId,
            algorithm,
            hires: input.hires.length,
            positions: input.positions.length,
            assigned: result.assigned,
            totalChoice: result.totalChoice,
          },
        },
        tx,
      );
      return saved.id;
    });
    return this.get(campaignId, id);
  }

  private async ensureLot(
    tx: EntityManager,
    settings: MatchingSettingsEntity,
    hires: MatchingHireEntity[],
    userId: string,
  ): Promise<void> {
    const covered = new Set(settings.lot?.items ?? []);
    if (settings.lot && hires.every((h) => covered.has(h.id))) return;
    if (settings.lot) {
      const published = await tx.existsBy(MatchingRunEntity, {
        campaignId: settings.campaignId,
        status: In(['published', 'superseded']),
      });
      if (published) return; // frozen: hires added later come after equal ranks with a lot
    }
    settings.lot = shuffleByDraw({
      secret: newDrawSecret(),
      sources: [LOT_SOURCE, `campaign:${settings.campaignId}`, new Date().toISOString()],
      items: hires.map((h) => h.id),
    });
    await tx.save(settings);
    await this.audit.record(
      {
        actor: `user:${userId}`,
        action: 'matching.lot_draw',
        subject: `campaign:${settings.campaignId}`,
        details: {
          algorithm: settings.lot.algorithm,
          commitment: settings.lot.commitment,
          sources: settings.lot.sources,
          result: settings.lot.result,
        },
      },
      tx,
    );
  }

  async list(campaignId: string): Promise<RunSummary[]> {
    const rows = await this.dataSource.getRepository(MatchingRunEntity).find({
      where: { campaignId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
    if (rows.length === 0) await this.campaignExists(campaignId);
    return rows.map(summarise);
  }

  private async campaignExists(campaignId: string): Promise<void> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM campaigns WHERE id = $1',
      [campaignId],
    );
    if (!row) throw notFound();
  }

  private async load(
    manager: EntityManager,
    campaignId: string,
    runId: string,
  ): Promise<MatchingRunEntity> {
    const run = await manager.findOneBy(MatchingRunEntity, { id: runId, campaignId });
    if (!run) throw notFound();
    return run;
  }

  async get(campaignId: string, runId: string): Promise<RunView> {
    const run = await this.load(this.dataSource.manager, campaignId, runId);
    return this.view(run);
  }

  private async view(run: MatchingRunEntity): Promise<RunView> {
    const hireIds = run.input.hires.map((h) => h.id);
    const people = await this.dataSource.query<
      { id: string; candidate_id: string; name: string }[]
    >(
      `SELECT h.id, h.candidate_id, COALESCE(p.full_name, u.display_name) AS name
         FROM matching_hires h JOIN users u ON u.id = h.candidate_id
         LEFT JOIN candidate_profiles p ON p.user_id = h.candidate_id
        WHERE h.id = ANY($1::uuid[])`,
      [hireIds],
    );
    const byId = new Map(people.map((p) => [p.id, p]));
    const positions = await this.dataSource.getRepository(MatchingPositionEntity).findBy({
      campaignId: run.campaignId,
    });
    const positionViews = new Map(positions.map((p) => [p.id, toPositionView(p)]));
    const label = positionLabeler(positions);
    const hires = new Map(run.input.hires.map((h) => [h.id, h]));
    const overrides = overridesByHire(run);
    const backfilled = new Set(
      run.kind === 'backfill'
        ? run.result.assignments
            .filter((a) => a.explanation.code === 'backfill.assigned')
            .map((a) => a.hire)
        : [],
    );
    const row = (hireId: string, assignment: MatchAssignment | null, explanation: Bilingual) => {
      const hire = hires.get(hireId);
      const person = byId.get(hireId);
      return {
        hireId,
        candidateId: person?.candidate_id ?? null,
        name: person?.name ?? hireId,
        rank: hire?.rank ?? 0,
        lot: hire?.lot ?? null,
        discipline: hire?.discipline ?? '',
        position: assignment ? (positionViews.get(assignment.position) ?? null) : null,
        choice: assignment?.choice ?? null,
        explanation,
        override: overrides.get(hireId) ?? null,
        backfilled: backfilled.has(hireId),
      };
    };
    const rows: RunRow[] = [
      ...run.result.assignments.map((a) =>
        row(a.hire, a, explain(a.explanation, label, overrides.get(a.hire))),
      ),
      ...run.result.unassignedDetails.map((d) => row(d.hire, null, explain(d.explanation, label))),
    ];
    rows.sort((a, b) => compareHirePriority(hires.get(a.hireId)!, hires.get(b.hireId)!));
    return { ...summarise(run), rows, overrideLog: run.overrides };
  }

  /** Two runs side by side; by default the latest full serial and optimal runs. */
  async compare(campaignId: string, a?: string, b?: string): Promise<ComparisonView> {
    const repository = this.dataSource.getRepository(MatchingRunEntity);
    const pick = async (id: string | undefined, algorithm: MatchAlgorithm) => {
      const run = id
        ? await repository.findOneBy({ id, campaignId })
        : await repository.findOne({
            where: { campaignId, algorithm, kind: 'full' },
            order: { createdAt: 'DESC', id: 'DESC' },
          });
      if (!run) throw notFound();
      return run;
    };
    const [runA, runB] = [await pick(a, 'serial'), await pick(b, 'optimal')];
    return {
      a: summarise(runA),
      b: summarise(runB),
      comparison: compareMatchings(runA.result, runB.result),
    };
  }

  /**
   * HR moves one hire to another position of their own list that accepts their discipline and
   * has a free place (their current place is freed first), with a reason. Draft runs only.
   */
  async override(
    campaignId: string,
    runId: string,
    input: { hireId: string; positionId: string; reason: string },
    userId: string,
  ): Promise<RunView> {
    await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const run = await this.load(tx, campaignId, runId);
      if (run.status !== 'draft')
        throw new AppException(ErrorCode.MatchingRunNotDraft, HttpStatus.CONFLICT);
      const hire = run.input.hires.find((h) => h.id === input.hireId);
      if (!hire) throw notFound();
      const position = run.input.positions.find((p) => p.id === input.positionId);
      const choice = hire.preferences.indexOf(input.positionId) + 1;
      const current = run.result.assignments.find((a) => a.hire === hire.id) ?? null;
      const taken = run.result.assignments.filter(
        (a) => a.position === input.positionId && a.hire !== hire.id,
      ).length;
      if (
        !position ||
        choice === 0 ||
        !position.disciplines.includes(hire.discipline) ||
        taken >= position.quota ||
        current?.position === input.positionId
      ) {
        throw unprocessable(ErrorCode.MatchingOverrideInvalid);
      }
      const result: MatchResult = { ...run.result };
      const assignment: MatchAssignment = {
        hire: hire.id,
        position: input.positionId,
        choice,
        explanation:
          current?.explanation.code === 'serial.assigned'
            ? {
                ...current.explanation,
                params: { ...current.explanation.params, choice, position: input.positionId },
              }
            : {
                code: 'optimal.assigned',
                params: {
                  choice,
                  position: input.positionId,
                  discipline: hire.discipline,
                  skipped: [],
                },
              },
      };
      const hires = new Map(run.input.hires.map((h) => [h.id, h]));
      result.assignments = [
        ...result.assignments.filter((a) => a.hire !== hire.id),
        assignment,
      ].sort((x, y) => compareHirePriority(hires.get(x.hire)!, hires.get(y.hire)!));
      result.unassigned = result.unassigned.filter((id) => id !== hire.id);
      result.unassignedDetails = result.unassignedDetails.filter((d) => d.hire !== hire.id);
      result.assigned = result.assignments.length;
      result.totalChoice = result.assignments.reduce((sum, a) => sum + a.choice, 0);
      result.choiceHistogram = histogram(result.assignments);
      const entry: RunOverride = {
        hire: hire.id,
        from: current?.position ?? null,
        to: input.positionId,
        choice,
        reason: input.reason.trim(),
        by: userId,
        at: new Date().toISOString(),
      };
      run.result = result;
      run.overrides = [...run.overrides, entry];
      await tx.save(run);
      await this.audit.record(
        {
          actor: `user:${userId}`,
          action: 'matching.override',
          subject: `matching_run:${runId}`,
          details: {
            campaignId,
            hire: entry.hire,
            from: entry.from,
            to: entry.to,
            choice,
            reason: entry.reason,
          },
        },
        tx,
      );
    });
    return this.get(campaignId, runId);
  }

  /**
   * Publishes a draft run: it becomes the campaign's result (the previous one is superseded) and
   * each hire concerned gets a notice through the outbox, in the same transaction.
   */
  async publish(campaignId: string, runId: string, userId: string): Promise<RunView> {
    await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const run = await this.load(tx, campaignId, runId);
      if (run.status !== 'draft')
        throw new AppException(ErrorCode.MatchingRunNotDraft, HttpStatus.CONFLICT);
      const previous = await tx.findOneBy(MatchingRunEntity, { campaignId, status: 'published' });
      if (run.kind === 'backfill' && previous?.id !== run.baseRunId) {
        // the result it fills has been replaced since: a new backfill is needed
        throw new AppException(ErrorCode.MatchingRunNotDraft, HttpStatus.CONFLICT);
      }
      if (previous) {
        previous.status = 'superseded';
        await tx.save(previous);
      }
      run.status = 'published';
      run.publishedBy = userId;
      run.publishedAt = new Date();
      await tx.save(run);
      const notified = await this.notify(tx, run);
      await this.audit.record(
        {
          actor: `user:${userId}`,
          action: 'matching.publish',
          subject: `matching_run:${runId}`,
          details: {
            campaignId,
            algorithm: run.algorithm,
            kind: run.kind,
            supersedes: previous?.id ?? null,
            assigned: run.result.assignments.length,
            unassigned: run.result.unassigned.length,
            overrides: run.overrides.length,
            notified,
          },
        },
        tx,
      );
    });
    return this.get(campaignId, runId);
  }

  /** Full run: every hire of it. Backfill: the hires it placed. */
  private async notify(tx: EntityManager, run: MatchingRunEntity): Promise<number> {
    const [campaign] = await tx.query<{ name: string }[]>(
      'SELECT name FROM campaigns WHERE id = $1',
      [run.campaignId],
    );
    const positions = await tx.findBy(MatchingPositionEntity, { campaignId: run.campaignId });
    const label = positionLabeler(positions);
    const overrides = overridesByHire(run);
    const outcomes = new Map<string, string>();
    for (const a of run.result.assignments) {
      if (run.kind === 'backfill' && a.explanation.code !== 'backfill.assigned') continue;
      outcomes.set(a.hire, explain(a.explanation, label, overrides.get(a.hire))['zh-CN']);
    }
    if (run.kind === 'full') {
      for (const d of run.result.unassignedDetails) {
        outcomes.set(d.hire, explain(d.explanation, label)['zh-CN']);
      }
    }
    if (outcomes.size === 0) return 0;
    const people = await tx.query<{ id: string; candidate_id: string; name: string }[]>(
      `SELECT h.id, h.candidate_id, COALESCE(p.full_name, u.display_name) AS name
         FROM matching_hires h JOIN users u ON u.id = h.candidate_id
         LEFT JOIN candidate_profiles p ON p.user_id = h.candidate_id
        WHERE h.id = ANY($1::uuid[])`,
      [[...outcomes.keys()]],
    );
    const messages: OutboxMessage<'matching.result'>[] = people.map((person) => ({
      recipientId: person.candidate_id,
      template: 'matching.result',
      payload: {
        campaignName: campaign?.name ?? '',
        displayName: person.name,
        outcome: outcomes.get(person.id) ?? '',
        backfill: run.kind === 'backfill',
        link: '/my-position',
      },
    }));
    await this.notifications.enqueue(tx, messages);
    return messages.length;
  }

  /**
   * A hire of the published result withdrew: re-runs for the freed places only (everyone else
   * keeps their place) and stores the outcome as a draft backfill run, to publish like any run.
   */
  async backfill(
    campaignId: string,
    userId: string,
  ): Promise<RunView & { freed: { position: string; seats: number }[] }> {
    let freed: { position: string; seats: number }[] = [];
    const id = await this.dataSource.transaction(async (tx) => {
      await lockSettings(tx, campaignId);
      const published = await tx.findOneBy(MatchingRunEntity, { campaignId, status: 'published' });
      if (!published) throw unprocessable(ErrorCode.MatchingNotPublished);
      const inRun = new Set(published.input.hires.map((h) => h.id));
      const withdrawn = (
        await tx.find(MatchingHireEntity, {
          where: { campaignId, status: 'withdrawn' },
          order: { id: 'ASC' },
        })
      )
        .map((h) => h.id)
        .filter((hireId) => inRun.has(hireId));
      if (withdrawn.length === 0) throw unprocessable(ErrorCode.MatchingNothingToBackfill);
      const outcome = rematchAffected(published.input, published.result, withdrawn);
      freed = outcome.freed;
      const gone = new Set(withdrawn);
      const input: MatchInput = {
        positions: published.input.positions,
        hires: published.input.hires.filter((h) => !gone.has(h.id)),
      };
      const saved = await tx.save(
        tx.create(MatchingRunEntity, {
          campaignId,
          algorithm: published.algorithm,
          kind: 'backfill',
          baseRunId: published.id,
          input,
          result: outcome.result,
          overrides: published.overrides.filter((o) => !gone.has(o.hire)),
          withdrawn,
          status: 'draft',
          createdBy: userId,
        }),
      );
      await this.audit.record(
        {
          actor: `user:${userId}`,
          action: 'matching.backfill',
          subject: `matching_run:${saved.id}`,
          details: {
            campaignId,
            base: published.id,
            withdrawn,
            freed: outcome.freed.map((f) => ({ ...f })),
            backfilled: outcome.backfilled.map((a) => ({ hire: a.hire, position: a.position })),
          },
        },
        tx,
      );
      return saved.id;
    });
    return { ...(await this.get(campaignId, id)), freed };
  }

  /** The published run, if any (for the hires' view). */
  async published(campaignId: string): Promise<MatchingRunEntity | null> {
    return this.dataSource
      .getRepository(MatchingRunEntity)
      .findOneBy({ campaignId, status: 'published' });
  }
}
