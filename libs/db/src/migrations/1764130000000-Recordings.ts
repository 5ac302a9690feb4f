import { MigrationInterface, QueryRunner } from 'typeorm';

/** Server-side recordings: one row per recorded producer, its file segments, and the finalisation outbox. */
export class Recordings1764130000000 implements MigrationInterface {
  name = 'Recordings1764130000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recordings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL CONSTRAINT recordings_session_fkey
          REFERENCES interview_sessions(id) ON DELETE RESTRICT,
        user_id uuid NOT NULL CONSTRAINT recordings_user_fkey REFERENCES users(id),
        role text NOT NULL,
        device text NOT NULL,
        source text NOT NULL,
        kind text NOT NULL,
        producer_id text NOT NULL,
        mime_type text NOT NULL,
        started_at timestamptz(3) NOT NULL,
        ended_at timestamptz(3),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX recordings_session ON recordings (session_id, started_at)`);
    await db.query(`
      CREATE TABLE recording_segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recording_id uuid NOT NULL CONSTRAINT recording_segments_recording_fkey
          REFERENCES recordings(id) ON DELETE RESTRICT,
        seq int NOT NULL,
        storage_key text NOT NULL,
        container text NOT NULL,
        recorder_node text NOT NULL,
        status text NOT NULL DEFAULT 'recording',
        started_at timestamptz(3) NOT NULL,
        ended_at timestamptz(3),
        end_reason text,
        size_bytes bigint,
        duration_ms int,
        streams jsonb,
        sha256 text,
        finalised_at timestamptz,
        problem text,
        verified_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT recording_segments_seq UNIQUE (recording_id, seq),
        CONSTRAINT recording_segments_storage_key UNIQUE (storage_key),
        CONSTRAINT recording_segments_status_check
          CHECK (status IN ('recording', 'closed', 'finalised', 'failed', 'deleted'))
      )`);
    await db.query(`CREATE INDEX recording_segments_status ON recording_segments (status)`);
    await db.query(`
      CREATE TABLE recording_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        subject_id uuid NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        CONSTRAINT recording_jobs_kind_subject UNIQUE (kind, subject_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE recording_jobs');
    await db.query('DROP TABLE recording_segments');
    await db.query('DROP TABLE recordings');
  }
}
