import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching hires to positions (issue 8): per-campaign settings (preference window, list length,
 * the tie-break lot), employer positions, hires with their ranked preferences, and stored runs
 * (input, result, overrides, publication).
 */
export class Matching1764140000000 implements MigrationInterface {
  name = 'Matching1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE matching_settings (
        campaign_id uuid PRIMARY KEY,
        preferences_open_at timestamptz,
        preferences_close_at timestamptz,
        max_preferences integer NOT NULL DEFAULT 5,
        lot jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matching_settings_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT matching_settings_max_check CHECK (max_preferences BETWEEN 1 AND 50),
        CONSTRAINT matching_settings_window_check CHECK (preferences_open_at IS NULL OR preferences_close_at IS NULL OR preferences_close_at > preferences_open_at)
      )`);
    await db.query(`
      CREATE TABLE matching_positions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        code text NOT NULL,
        unit text NOT NULL,
        title text NOT NULL,
        level text NOT NULL,
        disciplines text[] NOT NULL,
        quota integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matching_positions_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT matching_positions_campaign_code_key UNIQUE (campaign_id, code),
        CONSTRAINT matching_positions_quota_check CHECK (quota >= 0),
        CONSTRAINT matching_positions_level_check CHECK (level IN ('city', 'county'))
      )`);
    await db.query(`
      CREATE TABLE matching_hires (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        application_id uuid NOT NULL,
        rank integer NOT NULL,
        discipline_code text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        withdrawn_at timestamptz,
        withdraw_reason text,
        preferences uuid[] NOT NULL DEFAULT '{}',
        preferences_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matching_hires_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT matching_hires_candidate_fkey FOREIGN KEY (candidate_id)
          REFERENCES users(id) ON DELETE RESTRICT,
        CONSTRAINT matching_hires_application_fkey FOREIGN KEY (application_id)
          REFERENCES applications(id) ON DELETE RESTRICT,
        CONSTRAINT matching_hires_campaign_candidate_key UNIQUE (campaign_id, candidate_id),
        CONSTRAINT matching_hires_rank_check CHECK (rank >= 1),
        CONSTRAINT matching_hires_status_check CHECK (status IN ('active', 'withdrawn'))
      )`);
    await db.query(
      `CREATE INDEX "IDX_matching_hires_candidate_id" ON matching_hires (candidate_id)`,
    );
    await db.query(`
      CREATE TABLE matching_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        algorithm text NOT NULL,
        kind text NOT NULL,
        base_run_id uuid,
        input jsonb NOT NULL,
        result jsonb NOT NULL,
        overrides jsonb NOT NULL DEFAULT '[]',
        withdrawn uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'draft',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid,
        published_at timestamptz,
        CONSTRAINT matching_runs_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT matching_runs_base_run_fkey FOREIGN KEY (base_run_id)
          REFERENCES matching_runs(id) ON DELETE RESTRICT,
        CONSTRAINT matching_runs_algorithm_check CHECK (algorithm IN ('serial', 'optimal')),
        CONSTRAINT matching_runs_kind_check CHECK (kind IN ('full', 'backfill')),
        CONSTRAINT matching_runs_status_check CHECK (status IN ('draft', 'published', 'superseded'))
      )`);
    await db.query(
      `CREATE INDEX "IDX_matching_runs_campaign" ON matching_runs (campaign_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE matching_runs');
    await db.query('DROP TABLE matching_hires');
    await db.query('DROP TABLE matching_positions');
    await db.query('DROP TABLE matching_settings');
  }
}
