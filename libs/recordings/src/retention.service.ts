import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser } from '@yunzhao/core';
import { DataSource, EntityManager } from 'typeorm';
import { SetRetentionDto } from './dto';
import { RecordingRetentionEntity, RecordingSessionHoldEntity } from './retention.entity';
import { returning } from './sql';
import { RECORDING_STORAGE, RecordingStorage } from './storage';

// Retention changes and purges serialise on this lock, so a hold placed while the purge runs
// is seen by it before any file of the held session goes.
const RETENTION_LOCK_KEY = 7_244_005;

export interface RetentionView {
  campaignId: string;
  retentionDays: number | null;
  retainUntil: string | null;
  legalHold: boolean;
  holdReason: string | null;
  defaultRetentionDays: number;
  updatedAt: string | null;
}

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RECORDING_STORAGE) private readonly storage: RecordingStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  private lock(manager: EntityManager) {
    return manager.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK_KEY]);
  }

  private async assertCampaign(manager: EntityManager, campaignId: string) {
    const [row] = await manager.query<unknown[]>('SELECT 1 FROM campaigns WHERE id = $1', [
      campaignId,
    ]);
    if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
  }

  async get(campaignId: string): Promise<RetentionView> {
    await this.assertCampaign(this.dataSource.manager, campaignId);
    const row = await this.dataSource
      .getRepository(RecordingRetentionEntity)
      .findOne({ where: { campaignId } });
    return this.view(campaignId, row);
  }

  private view(campaignId: string, row: RecordingRetentionEntity | null): RetentionView {
    return {
      campaignId,
      retentionDays: row?.retentionDays ?? null,
      retainUntil: row?.retainUntil?.toISOString() ?? null,
      legalHold: row?.legalHold ?? false,
      holdReason: row?.holdReason ?? null,
      defaultRetentionDays: this.config.recording.defaultRetentionDays,
      updatedAt: row?.updatedAt?.toISOString() ?? null,
    };
  }

  async set(campaignId: string, dto: SetRetentionDto, user: AuthUser): Promise<RetentionView> {
    if (dto.retentionDays !== undefined && dto.retainUntil !== undefined)
      throw new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST, {
        reason: 'retentionDays and retainUntil exclude each other',
      });
    return this.dataSource.transaction(async (manager) => {
      await this.assertCampaign(manager, campaignId);
      await this.lock(manager);
      const repo = manager.getRepository(RecordingRetentionEntity);
      const before = await repo.findOne({ where: { campaignId } });
      const row = repo.create({
        campaignId,
        retentionDays: dto.retentionDays ?? null,
        retainUntil: dto.retainUntil ? new Date(dto.retainUntil) : null,
        legalHold: dto.legalHold,
        holdReason: dto.holdReason ?? null,
        updatedBy: user.id,
        updatedAt: new Date(),
      });
      await repo.save(row);
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'recording.retention.set',
          subject: `campaign:${campaignId}`,
          details: {
            before: before
              ? {
                  retentionDays: before.retentionDays,
                  retainUntil: before.retainUntil?.toISOString() ?? null,
                  legalHold: before.legalHold,
                }
              : null,
            retentionDays: row.retentionDays,
            retainUntil: row.retainUntil?.toISOString() ?? null,
            legalHold: row.legalHold,
            holdReason: row.holdReason,
          },
        },
        manager,
      );
      return this.view(campaignId, row);
    });
  }

  async sessionHold(sessionId: string) {
    const hold = await this.dataSource
      .getRepository(RecordingSessionHoldEntity)
      .findOne({ where: { sessionId } });
    return hold
      ? { held: true, reason: hold.reason, placedBy: hold.placedBy, placedAt: hold.placedAt }
      : { held: false };
  }

  async placeHold(sessionId: string, reason: string, user: AuthUser) {
    await this.dataSource.transaction(async (manager) => {
      const [session] = await manager.query<unknown[]>(
        'SELECT 1 FROM interview_sessions WHERE id = $1',
        [sessionId],
      );
      if (!session) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      await this.lock(manager);
      await manager.query(
        `INSERT INTO recording_session_holds (session_id, reason, placed_by) VALUES ($1, $2, $3)
         ON CONFLICT (session_id) DO UPDATE SET reason = EXCLUDED.reason,
           placed_by = EXCLUDED.placed_by, placed_at = now()`,
        [sessionId, reason, user.id],
      );
      await this.audit.record(
        {
          actor: actorOf(user),
          action: 'recording.hold.place',
          subject: `session:${sessionId}`,
          details: { reason },
        },
        manager,
      );
    });
    return this.sessionHold(sessionId);
  }

  async releaseHold(sessionId: string, user: AuthUser) {
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      const removed = await returning<{ session_id: string }>(
        manager,
        'DELETE FROM recording_session_holds WHERE session_id = $1 RETURNING session_id',
        [sessionId],
      );
      if (removed.length === 0) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
      await this.audit.record(
        { actor: actorOf(user), action: 'recording.hold.release', subject: `session:${sessionId}` },
        manager,
      );
    });
    return this.sessionHold(sessionId);
  }

  /**
   * Deletes the files of every expired, unheld segment (the scheduled job). Each deletion is its
   * own transaction: status 'deleted', deleted_at and an audit entry by `system` commit only if
   * the file is gone; a failed deletion is retried on the next run.
   */
  async purgeExpired(limit = 500): Promise<{ deleted: number; failed: number }> {
    const candidates = await this.dataSource.query<{ id: string }[]>(
      `${EXPIRED_SEGMENTS_SQL} ORDER BY seg.started_at LIMIT $2`,
      [this.config.recording.defaultRetentionDays, limit],
    );
    let deleted = 0;
    let failed = 0;
    for (const { id } of candidates) {
      try {
        if (await this.purgeOne(id)) deleted += 1;
      } catch (error) {
        failed += 1;
        this.logger.error(
          { segmentId: id },
          `recording deletion failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (deleted > 0) this.logger.log({ deleted }, 'expired recordings deleted');
    return { deleted, failed };
  }

  private purgeOne(segmentId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      // Re-check under the lock: a hold placed since the candidates were read wins.
      const [row] = await manager.query<
        {
          id: string;
          storage_key: string;
          recording_id: string;
          session_id: string;
          campaign_id: string;
          expires_at: Date;
        }[]
      >(`${EXPIRED_SEGMENTS_SQL} AND seg.id = $2 FOR UPDATE OF seg`, [
        this.config.recording.defaultRetentionDays,
        segmentId,
      ]);
      if (!row) return false;
      await manager.query(
        `UPDATE recording_segments SET status = 'deleted', deleted_at = now() WHERE id = $1`,
        [segmentId],
      );
      await this.audit.record(
        {
          actor: 'system',
          action: 'recording.delete',
          subject: `recording-segment:${segmentId}`,
          details: {
            reason: 'retention expired',
            recordingId: row.recording_id,
            sessionId: row.session_id,
            campaignId: row.campaign_id,
            storageKey: row.storage_key,
            expiredAt: new Date(row.expires_at).toISOString(),
          },
        },
        manager,
      );
      // Last, so a failure here rolls the row back and the next run tries again.
      await this.storage.delete(row.storage_key);
      return true;
    });
  }
}

/** Segments whose retention ran out and that no hold covers ($1 = default days). */
const EXPIRED_SEGMENTS_SQL = `
  SELECT seg.id, seg.storage_key, seg.recording_id, r.session_id, s.campaign_id,
         COALESCE(p.retain_until,
                  s.ends_at + make_interval(days => COALESCE(p.retention_days, $1::int))) AS expires_at
    FROM recording_segments seg
    JOIN recordings r ON r.id = seg.recording_id
    JOIN interview_sessions s ON s.id = r.session_id
    LEFT JOIN recording_retention p ON p.campaign_id = s.campaign_id
   WHERE seg.status IN ('closed', 'finalised', 'failed')
     AND COALESCE(p.legal_hold, false) = false
     AND NOT EXISTS (SELECT 1 FROM recording_session_holds h WHERE h.session_id = s.id)
     AND COALESCE(p.retain_until,
                  s.ends_at + make_interval(days => COALESCE(p.retention_days, $1::int))) < now()`;
