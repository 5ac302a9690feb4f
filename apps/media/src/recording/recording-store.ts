import type { DataSource, EntityManager } from 'typeorm';

export interface NewRecording {
  /** Chosen by the recorder, so the segment's file path is known before the row is stored. */
  id: string;
  sessionId: string;
  userId: string;
  role: string;
  device: string;
  source: string;
  kind: 'audio' | 'video';
  producerId: string;
  mimeType: string;
  startedAt: Date;
}

/** A segment a previous run of this node left 'recording' (it crashed, or was killed). */
export interface LeftoverSegment {
  segmentId: string;
  recordingId: string;
  storageKey: string;
  startedAt: Date;
  sessionId: string;
  userId: string;
  producerId: string;
}

export interface NewSegment {
  id: string;
  recordingId: string;
  seq: number;
  storageKey: string;
  container: string;
  recorderNode: string;
  startedAt: Date;
}

/**
 * What the recorders write to Postgres: recordings, their segments, and the
 * finalisation outbox. Closing a segment and enqueueing its finalisation
 * happen in one transaction, so no closed segment is ever left unfinalised.
 */
export class RecordingStore {
  constructor(private readonly db: DataSource) {}

  async createRecording(recording: NewRecording): Promise<void> {
    await this.db.query(
      `INSERT INTO recordings (id, session_id, user_id, role, device, source, kind, producer_id, mime_type, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        recording.id,
        recording.sessionId,
        recording.userId,
        recording.role,
        recording.device,
        recording.source,
        recording.kind,
        recording.producerId,
        recording.mimeType,
        recording.startedAt,
      ],
    );
  }

  async openSegment(segment: NewSegment): Promise<void> {
    await this.db.query(
      `INSERT INTO recording_segments (id, recording_id, seq, storage_key, container, recorder_node, status, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'recording', $7)`,
      [
        segment.id,
        segment.recordingId,
        segment.seq,
        segment.storageKey,
        segment.container,
        segment.recorderNode,
        segment.startedAt,
      ],
    );
  }

  /**
   * The producer's first packet reached the SFU: that is when it went live, and
   * second 0 of the first segment's file. Before it, nothing could be recorded.
   */
  async markLive(recordingId: string, firstSegmentId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE recordings SET started_at = $2 WHERE id = $1`, [recordingId, at]);
    await this.db.query(
      `UPDATE recording_segments SET started_at = GREATEST(started_at, $2) WHERE id = $1`,
      [firstSegmentId, at],
    );
  }

  /**
   * Closes a segment and enqueues its finalisation; with `recordingEndedAt`
   * the recording ends too. Idempotent: a segment already closed stays as it was.
   */
  async closeSegment(
    segmentId: string,
    endedAt: Date,
    endReason: string,
    recording?: { id: string; endedAt: Date },
  ): Promise<void> {
    await this.db.transaction(async (manager) => {
      await this.closeAndEnqueue(manager, [segmentId], endedAt, endReason);
      if (recording)
        await manager.query(
          `UPDATE recordings SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`,
          [recording.id, recording.endedAt],
        );
    });
  }

  /**
   * A segment whose recorder never started (its transport, port pair or ffmpeg failed after the
   * row was written): there is no file to finalise, so it is marked failed with why, rather than
   * left 'recording' until the node's next boot.
   */
  async abandonSegment(segmentId: string, endedAt: Date, problem: string): Promise<void> {
    await this.db.query(
      `UPDATE recording_segments SET status = 'failed', ended_at = $2, end_reason = 'start-failed',
              problem = $3
        WHERE id = $1 AND status = 'recording'`,
      [segmentId, endedAt, problem],
    );
  }

  /** Ends a recording whose last segment is already closed (its ffmpeg had died). */
  async closeRecording(recordingId: string, endedAt: Date): Promise<void> {
    await this.db.query(`UPDATE recordings SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [
      recordingId,
      endedAt,
    ]);
  }

  /**
   * At boot: the segments a previous run of this node (started before this run booted) left
   * 'recording', oldest first, with whose recording they are.
   */
  async findLeftovers(recorderNode: string, bootedAt: Date): Promise<LeftoverSegment[]> {
    const rows = (await this.db.query(
      `SELECT s.id, s.recording_id, s.storage_key, s.started_at,
              r.session_id, r.user_id, r.producer_id
         FROM recording_segments s JOIN recordings r ON r.id = s.recording_id
        WHERE s.recorder_node = $1 AND s.status = 'recording' AND s.started_at < $2
        ORDER BY s.started_at`,
      [recorderNode, bootedAt],
    )) as {
      id: string;
      recording_id: string;
      storage_key: string;
      started_at: Date;
      session_id: string;
      user_id: string;
      producer_id: string;
    }[];
    return rows.map((row) => ({
      segmentId: row.id,
      recordingId: row.recording_id,
      storageKey: row.storage_key,
      startedAt: row.started_at,
      sessionId: row.session_id,
      userId: row.user_id,
      producerId: row.producer_id,
    }));
  }

  /**
   * Closes one leftover segment as 'node-restarted' at `endedAt` (when its recording really
   * stopped), queues its finalisation, ends its recording and puts the stop on the session
   * timeline, all in one transaction. False when it was no longer open.
   */
  async closeLeftover(segment: LeftoverSegment, endedAt: Date): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const closed = await this.closeAndEnqueue(
        manager,
        [segment.segmentId],
        endedAt,
        'node-restarted',
      );
      if (closed === 0) return false;
      await manager.query(
        `UPDATE recordings SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`,
        [segment.recordingId, endedAt],
      );
      await manager.query(
        `INSERT INTO session_timeline (session_id, type, actor_user_id, payload)
         VALUES ($1, 'recording.stopped', NULL, $2::jsonb)`,
        [
          segment.sessionId,
          JSON.stringify({
            recordingId: segment.recordingId,
            producerId: segment.producerId,
            userId: segment.userId,
            reason: 'node-restarted',
            segmentId: segment.segmentId,
            endedAt: endedAt.toISOString(),
          }),
        ],
      );
      return true;
    });
  }

  private async closeAndEnqueue(
    manager: EntityManager,
    segmentIds: string[],
    endedAt: Date,
    endReason: string,
  ): Promise<number> {
    const closed = (await manager.query(
      `UPDATE recording_segments SET status = 'closed', ended_at = $2, end_reason = $3
        WHERE id = ANY($1::uuid[]) AND status = 'recording' RETURNING id`,
      [segmentIds, endedAt, endReason],
    )) as [{ id: string }[], number] | { id: string }[];
    // pg through TypeORM returns [rows, count] for UPDATE … RETURNING.
    const rows = Array.isArray(closed[0])
      ? (closed[0] as { id: string }[])
      : (closed as { id: string }[]);
    if (rows.length === 0) return 0;
    await manager.query(
      `INSERT INTO recording_jobs (kind, subject_id)
       SELECT 'finalise-segment', unnest($1::uuid[])
       ON CONFLICT (kind, subject_id) DO NOTHING`,
      [rows.map((r) => r.id)],
    );
    return rows.length;
  }
}
