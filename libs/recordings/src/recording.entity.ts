import { UserEntity } from '@yunzhao/accounts';
import { InterviewSessionEntity } from '@yunzhao/sessions';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { RecordingRetentionEntity, RecordingSessionHoldEntity } from './retention.entity';

export const SEGMENT_STATUSES = ['recording', 'closed', 'finalised', 'failed', 'deleted'] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

export const RECORDING_JOB_KINDS = ['finalise-segment', 'composite'] as const;
export type RecordingJobKind = (typeof RECORDING_JOB_KINDS)[number];

/**
 * One producer of a real room, recorded from the moment it is created until it
 * closes. Its media lives in one or more segments: a new segment starts when the
 * recorder is restarted (ffmpeg died, the producer resumed after a pause).
 */
@Entity({ name: 'recordings' })
@Index('recordings_session', ['sessionId', 'startedAt'])
export class RecordingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterviewSessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'recordings_session_fkey' })
  session?: InterviewSessionEntity;

  /** Whose producer this is. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'recordings_user_fkey' })
  user?: UserEntity;

  /** Room role of the producer's owner: candidate, chief, examiner, clerk, proctor. */
  @Column({ type: 'text' })
  role: string;

  /** main or side (the candidate's second camera). */
  @Column({ type: 'text' })
  device: string;

  /** mic, camera or side. */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  kind: 'audio' | 'video';

  @Column({ name: 'producer_id', type: 'text' })
  producerId: string;

  /** audio/opus, video/VP8, … as negotiated by the router. */
  @Column({ name: 'mime_type', type: 'text' })
  mimeType: string;

  /**
   * When recording began: the first packet seen once the recorder listens (the later of the
   * producer's first packet and ffmpeg being ready); the producer's creation until then.
   */
  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One continuous file of a recording, written progressively by one ffmpeg process. */
@Entity({ name: 'recording_segments' })
@Unique('recording_segments_seq', ['recordingId', 'seq'])
@Unique('recording_segments_storage_key', ['storageKey'])
@Index('recording_segments_status', ['status'])
@Check(
  'recording_segments_status_check',
  `status IN (${SEGMENT_STATUSES.map((s) => `'${s}'`).join(', ')})`,
)
export class RecordingSegmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'recording_id', type: 'uuid' })
  recordingId: string;

  @ManyToOne(() => RecordingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'recording_id',
    foreignKeyConstraintName: 'recording_segments_recording_fkey',
  })
  recording?: RecordingEntity;

  /** 1, 2, … within the recording. */
  @Column({ type: 'int' })
  seq: number;

  /** Where the storage adapter keeps the file, e.g. `<sessionId>/<recordingId>/0001.webm`. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  /** webm or mkv (H264 does not fit WebM). */
  @Column({ type: 'text' })
  container: string;

  /** The media node that runs (or ran) the recorder; lets a restarted node close its leftovers. */
  @Column({ name: 'recorder_node', type: 'text' })
  recorderNode: string;

  @Column({ type: 'text', default: 'recording' })
  status: SegmentStatus;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  /** producer-closed, producer-paused, recorder-died, room-closed, node-stopped, node-restarted. */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  // ---- filled in by finalisation (apps/worker) ----

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  /** ffprobe's streams: [{ type: 'video', codec: 'vp8', width, height }, …]. */
  @Column({ type: 'jsonb', nullable: true })
  streams: Record<string, unknown>[] | null;

  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  @Column({ name: 'finalised_at', type: 'timestamptz', nullable: true })
  finalisedAt: Date | null;

  /** Why finalisation failed, or what integrity verification found. */
  @Column({ type: 'text', nullable: true })
  problem: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

/**
 * The recordings outbox: a row is written in the same transaction that closes a
 * segment (or a session), and apps/worker relays it into BullMQ with job id =
 * row id, so a Redis restart loses nothing.
 */
@Entity({ name: 'recording_jobs' })
@Unique('recording_jobs_kind_subject', ['kind', 'subjectId'])
export class RecordingJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: RecordingJobKind;

  /** The segment (finalise-segment) or session (composite) the job is about. */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}

export const RECORDING_ENTITIES = [
  RecordingEntity,
  RecordingSegmentEntity,
  RecordingJobEntity,
  RecordingRetentionEntity,
  RecordingSessionHoldEntity,
];
