/** The recordings queue: finalisation jobs (relayed from recording_jobs) and scheduled upkeep. */
export const RECORDINGS_QUEUE = 'recordings';

export const RecordingsJob = {
  /** One recording_jobs row; job id = row id. */
  Finalise: 'finalise',
  /** Deletes files whose retention ran out (hourly). */
  PurgeExpired: 'purge-expired',
  /** Re-hashes finalised files against their stored SHA-256 (nightly). */
  VerifyIntegrity: 'verify-integrity',
} as const;

export interface FinaliseJobData {
  recordingJobId: string;
}

/** How often the relay offers pending recording_jobs rows to the queue. */
export const RECORDINGS_RELAY_INTERVAL_MS = 2_000;
