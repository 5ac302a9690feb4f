import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interview sessions (场次): panel assignments, candidate slots, conflict-of-interest
 * recusals, one-time side-camera codes, and the draw records (commit-reveal) shared with the
 * question draw. Candidate slots point at applications (issue 3) by id only: that table has
 * its own migration, so there is no foreign key to it here.
 */
export class InterviewSessions1764090000000 implements MigrationInterface {
  name = 'InterviewSessions1764090000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE interview_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        category_code text NOT NULL,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT interview_sessions_time_check CHECK (ends_at > starts_at)
      )`);
    await db.query(
      `CREATE INDEX interview_sessions_campaign ON interview_sessions (campaign_id, starts_at)`,
    );
    await db.query(`
      CREATE TABLE session_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        CONSTRAINT session_participants_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id) ON DELETE CASCADE,
        CONSTRAINT session_participants_user_fkey FOREIGN KEY (user_id) REFERENCES users(id),
        CONSTRAINT session_participants_one_role UNIQUE (session_id, user_id),
        CONSTRAINT session_participants_role_check CHECK (role IN
          ('chief_examiner', 'examiner', 'score_clerk', 'supervisor', 'proctor'))
      )`);
    await db.query(`CREATE INDEX session_participants_user ON session_participants (user_id)`);
    await db.query(`
      CREATE TABLE session_slots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        application_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        position integer NOT NULL,
        CONSTRAINT session_slots_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id) ON DELETE CASCADE,
        CONSTRAINT session_slots_candidate_fkey FOREIGN KEY (candidate_id) REFERENCES users(id),
        CONSTRAINT session_slots_one_per_campaign UNIQUE (campaign_id, candidate_id),
        CONSTRAINT session_slots_position_check CHECK (position >= 1)
      )`);
    await db.query(`CREATE INDEX session_slots_session ON session_slots (session_id, position)`);
    await db.query(`CREATE INDEX session_slots_candidate ON session_slots (candidate_id)`);
    await db.query(`
      CREATE TABLE session_recusals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        examiner_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        reason text NOT NULL,
        note text,
        declared_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_recusals_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id) ON DELETE CASCADE,
        CONSTRAINT session_recusals_examiner_fkey FOREIGN KEY (examiner_id) REFERENCES users(id),
        CONSTRAINT session_recusals_candidate_fkey FOREIGN KEY (candidate_id) REFERENCES users(id),
        CONSTRAINT session_recusals_pair UNIQUE (session_id, examiner_id, candidate_id),
        CONSTRAINT session_recusals_reason_check CHECK (reason IN
          ('same_institution', 'relative', 'other'))
      )`);
    await db.query(`
      CREATE TABLE draw_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL,
        subject_id uuid NOT NULL,
        algorithm text NOT NULL,
        commitment char(64) NOT NULL,
        secret char(64) NOT NULL,
        sources jsonb,
        items jsonb,
        count integer,
        result jsonb,
        drawn_at timestamptz,
        drawn_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT draw_records_one_per_purpose UNIQUE (purpose, subject_id)
      )`);
    await db.query(`
      CREATE TABLE side_camera_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        code_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT side_camera_codes_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id) ON DELETE CASCADE,
        CONSTRAINT side_camera_codes_candidate_fkey FOREIGN KEY (candidate_id) REFERENCES users(id),
        CONSTRAINT side_camera_codes_hash_key UNIQUE (code_hash)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE side_camera_codes');
    await db.query('DROP TABLE draw_records');
    await db.query('DROP TABLE session_recusals');
    await db.query('DROP TABLE session_slots');
    await db.query('DROP TABLE session_participants');
    await db.query('DROP TABLE interview_sessions');
  }
}
