import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { DataSource } from 'typeorm';
import { sha256Of } from './media-tools';
import { RecordingSegmentEntity } from './recording.entity';
import { RECORDING_STORAGE, RecordingStorage } from './storage';

export interface VerifyResult {
  segmentId: string;
  ok: boolean;
  expectedSha256: string | null;
  actualSha256: string | null;
  expectedSize: number | null;
  actualSize: number | null;
  problem: string | null;
  verifiedAt: string;
}

/** Problems this service writes start with this, so a later good check can clear them. */
const INTEGRITY_PREFIX = 'integrity:';

/**
 * Re-hashes stored files and compares them with the SHA-256 taken at finalisation.
 * A mismatch (or a vanished file) is marked on the segment, logged at error level and audited.
 */
@Injectable()
export class IntegrityService {
  private readonly logger = new Logger(IntegrityService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RECORDING_STORAGE) private readonly storage: RecordingStorage,
    private readonly audit: AuditService,
  ) {}

  /** Verifies one finalised segment; `actor` is `user:<id>` on demand or `system` when scheduled. */
  async verify(segment: RecordingSegmentEntity, actor: string): Promise<VerifyResult> {
    const stat = await this.storage.stat(segment.storageKey);
    const actual = stat ? await sha256Of(this.storage.read(segment.storageKey)) : null;
    const expectedSize = segment.sizeBytes === null ? null : Number(segment.sizeBytes);
    let problem: string | null = null;
    if (!actual) problem = `${INTEGRITY_PREFIX} file missing`;
    else if (actual.sha256 !== segment.sha256)
      problem = `${INTEGRITY_PREFIX} SHA-256 mismatch (stored ${segment.sha256}, file ${actual.sha256})`;
    else if (expectedSize !== null && actual.size !== expectedSize)
      problem = `${INTEGRITY_PREFIX} size mismatch (stored ${expectedSize}, file ${actual.size})`;

    const verifiedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE recording_segments
            SET verified_at = $2,
                problem = CASE WHEN $3::text IS NOT NULL THEN $3::text
                               WHEN problem LIKE '${INTEGRITY_PREFIX}%' THEN NULL
                               ELSE problem END
          WHERE id = $1`,
        [segment.id, verifiedAt, problem],
      );
      if (problem) {
        await this.audit.record(
          {
            actor,
            action: 'recording.integrity.mismatch',
            subject: `recording-segment:${segment.id}`,
            details: {
              recordingId: segment.recordingId,
              storageKey: segment.storageKey,
              expectedSha256: segment.sha256,
              actualSha256: actual?.sha256 ?? null,
              problem,
            },
          },
          manager,
        );
      }
    });
    if (problem) {
      this.logger.error(
        { segmentId: segment.id, storageKey: segment.storageKey, problem },
        'RECORDING INTEGRITY CHECK FAILED: a stored recording no longer matches its SHA-256',
      );
    }
    return {
      segmentId: segment.id,
      ok: problem === null,
      expectedSha256: segment.sha256,
      actualSha256: actual?.sha256 ?? null,
      expectedSize,
      actualSize: actual?.size ?? null,
      problem,
      verifiedAt: verifiedAt.toISOString(),
    };
  }

  /**
   * The scheduled pass: every finalised segment not verified within `maxAgeHours`, oldest check
   * first, at most `limit` per run.
   */
  async verifyDue(maxAgeHours = 24, limit = 500): Promise<{ checked: number; mismatches: number }> {
    const segments = await this.dataSource
      .getRepository(RecordingSegmentEntity)
      .createQueryBuilder('s')
      .where(`s.status = 'finalised'`)
      .andWhere(
        `(s.verified_at IS NULL OR s.verified_at < now() - make_interval(hours => :hours))`,
        {
          hours: maxAgeHours,
        },
      )
      .orderBy('s.verified_at', 'ASC', 'NULLS FIRST')
      .limit(limit)
      .getMany();
    let mismatches = 0;
    for (const segment of segments) {
      const result = await this.verify(segment, 'system');
      if (!result.ok) mismatches += 1;
    }
    return { checked: segments.length, mismatches };
  }
}
