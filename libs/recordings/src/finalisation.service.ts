import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { withLocalFile, withScratchDir } from './local-file';
import { probe, ProbeResult, remux, sha256Of, ToolFailed } from './media-tools';
import { RecordingSegmentEntity } from './recording.entity';
import { returning } from './sql';
import { RECORDING_STORAGE, RecordingStorage } from './storage';

/** How often one outbox row is tried before it is left for an operator (segment marked failed). */
export const FINALISE_MAX_ATTEMPTS = 5;

export type FinaliseOutcome = 'finalised' | 'failed' | 'unchanged' | 'skipped' | 'already-done';

interface Examined {
  problem: string | null;
  probe?: ProbeResult;
  sha256?: string;
  size?: number;
  remuxed?: boolean;
}

/**
 * Finalisation of one closed segment: ffprobe (streams, duration), a remux when the container
 * has no duration (a recorder killed mid-write), SHA-256 and size, all stored on the segment.
 * Running it twice is harmless: a finalised segment is left as it is.
 */
@Injectable()
export class FinalisationService {
  private readonly logger = new Logger(FinalisationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RECORDING_STORAGE) private readonly storage: RecordingStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs one outbox row (counting the attempt) and marks it done; throws to have it retried. */
  async runJob(jobId: string): Promise<FinaliseOutcome> {
    const [job] = await returning<{ kind: string; subject_id: string; attempts: number }>(
      this.dataSource,
      `UPDATE recording_jobs SET attempts = attempts + 1
        WHERE id = $1 AND done_at IS NULL RETURNING kind, subject_id, attempts`,
      [jobId],
    );
    if (!job) return 'already-done';
    try {
      // Per-candidate composites are not rendered yet (see README); the row is closed as skipped.
      const outcome =
        job.kind === 'finalise-segment' ? await this.finaliseSegment(job.subject_id) : 'skipped';
      await this.dataSource.query(
        `UPDATE recording_jobs SET done_at = now(), last_error = $2 WHERE id = $1`,
        [jobId, outcome === 'skipped' ? `kind ${job.kind} is not handled` : null],
      );
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource.query(`UPDATE recording_jobs SET last_error = $2 WHERE id = $1`, [
        jobId,
        message,
      ]);
      if (job.attempts >= FINALISE_MAX_ATTEMPTS && job.kind === 'finalise-segment') {
        this.logger.error(
          { segmentId: job.subject_id, attempts: job.attempts },
          `recording finalisation gave up: ${message}`,
        );
        await this.dataSource.query(
          `UPDATE recording_segments SET status = 'failed', problem = $2
            WHERE id = $1 AND status = 'closed'`,
          [job.subject_id, `finalisation gave up after ${job.attempts} attempts: ${message}`],
        );
      }
      throw error;
    }
  }

  async finaliseSegment(segmentId: string): Promise<FinaliseOutcome> {
    const segment = await this.dataSource
      .getRepository(RecordingSegmentEntity)
      .findOne({ where: { id: segmentId } });
    if (!segment) throw new Error(`recording segment ${segmentId} does not exist`);
    if (segment.status === 'finalised' || segment.status === 'deleted') return 'unchanged';
    if (segment.status === 'recording') throw new Error('the segment is still being recorded');

    const examined = await this.examine(segment);
    if (examined.problem !== null) {
      this.logger.warn({ segmentId, problem: examined.problem }, 'recording segment failed');
      await this.dataSource.query(
        `UPDATE recording_segments SET status = 'failed', problem = $2, size_bytes = $3
          WHERE id = $1 AND status IN ('closed', 'failed')`,
        [segmentId, examined.problem, examined.size ?? null],
      );
      return 'failed';
    }
    const result = await returning<{ id: string }>(
      this.dataSource,
      `UPDATE recording_segments
          SET status = 'finalised', size_bytes = $2, duration_ms = $3, streams = $4::jsonb,
              sha256 = $5, finalised_at = now(), verified_at = now(), problem = NULL
        WHERE id = $1 AND status IN ('closed', 'failed')
        RETURNING id`,
      [
        segmentId,
        examined.size,
        examined.probe?.durationMs,
        JSON.stringify(examined.probe?.streams ?? []),
        examined.sha256,
      ],
    );
    this.logger.log(
      { segmentId, remuxed: examined.remuxed ?? false, durationMs: examined.probe?.durationMs },
      'recording segment finalised',
    );
    return result.length > 0 ? 'finalised' : 'unchanged';
  }

  private async examine(segment: RecordingSegmentEntity): Promise<Examined> {
    const key = segment.storageKey;
    const stat = await this.storage.stat(key);
    if (!stat) return { problem: 'file missing' };
    if (stat.size === 0) return { problem: 'empty file (0 bytes)', size: 0 };

    const { ffprobeBin, ffmpegBin } = this.config.recording;
    let probed: ProbeResult;
    try {
      probed = await withLocalFile(this.storage, key, (file) => probe(ffprobeBin, file));
    } catch (error) {
      if (error instanceof ToolFailed)
        return { problem: `unreadable: ${error.message}`, size: stat.size };
      throw error;
    }
    if (probed.streams.length === 0) return { problem: 'no media streams', size: stat.size };

    let remuxed = false;
    if (probed.durationMs === null) {
      // A recorder killed while writing leaves clusters without duration or cues: rewrite it.
      const repaired = await withScratchDir(async (dir) => {
        const output = path.join(dir, `remuxed.${segment.container === 'mkv' ? 'mkv' : 'webm'}`);
        try {
          await withLocalFile(this.storage, key, (file) =>
            remux(ffmpegBin, file, output, segment.container),
          );
        } catch (error) {
          if (error instanceof ToolFailed) return { problem: `remux failed: ${error.message}` };
          throw error;
        }
        const reprobed = await probe(ffprobeBin, output);
        if (reprobed.durationMs === null || reprobed.streams.length === 0)
          return { problem: 'no duration even after remuxing' };
        await this.storage.put(key, output);
        return { probe: reprobed };
      });
      if ('problem' in repaired)
        return { problem: repaired.problem ?? 'remux failed', size: stat.size };
      probed = repaired.probe;
      remuxed = true;
    }
    const { sha256, size } = await sha256Of(this.storage.read(key));
    return { problem: null, probe: probed, sha256, size, remuxed };
  }
}
