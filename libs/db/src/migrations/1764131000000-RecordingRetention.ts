import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recording retention: a rule per campaign (N days after the session, or until a date) with a
 * campaign-wide legal hold, and legal holds on single sessions. Held recordings are never deleted.
 */
export class RecordingRetention1764131000000 implements MigrationInterface {
  name = 'RecordingRetention1764131000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recording_retention (
        campaign_id uuid PRIMARY KEY CONSTRAINT recording_retention_campaign_fkey
          REFERENCES campaigns(id) ON DELETE CASCADE,
        retention_days int,
        retain_until timestamptz,
        legal_hold boolean NOT NULL DEFAULT false,
        hold_reason text,
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recording_retention_one_rule_check
          CHECK (retention_days IS NULL OR retain_until IS NULL),
        CONSTRAINT recording_retention_days_check
          CHECK (retention_days IS NULL OR retention_days > 0)
      )`);
    await db.query(`
      CREATE TABLE recording_session_holds (
        session_id uuid PRIMARY KEY CONSTRAINT recording_session_holds_session_fkey
          REFERENCES interview_sessions(id) ON DELETE CASCADE,
        reason text NOT NULL,
        placed_by uuid NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE recording_session_holds');
    await db.query('DROP TABLE recording_retention');
  }
}
