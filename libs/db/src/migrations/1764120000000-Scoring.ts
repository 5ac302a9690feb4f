import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live scoring (issue 7): rubrics per campaign and category, the campaign's aggregation method,
 * each examiner's score sheet, publications (inputs and result kept as evidence) and corrections
 * (new records, never edits). Campaign and session rows are referenced by foreign key; users are
 * referenced by id only where the row is evidence that must outlive any account change.
 */
export class Scoring1764120000000 implements MigrationInterface {
  name = 'Scoring1764120000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE scoring_rubrics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        category_code text NOT NULL,
        dimensions jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scoring_rubrics_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT scoring_rubrics_campaign_category UNIQUE (campaign_id, category_code)
      )`);
    await db.query(`
      CREATE TABLE scoring_settings (
        campaign_id uuid PRIMARY KEY,
        aggregation_method text NOT NULL DEFAULT 'total-trimmed-mean',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scoring_settings_campaign_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT scoring_settings_method_check CHECK (aggregation_method IN
          ('total-trimmed-mean', 'per-dimension-trimmed-mean'))
      )`);
    await db.query(`
      CREATE TABLE score_sheets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        examiner_id uuid NOT NULL,
        rubric_id uuid NOT NULL,
        marks jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'draft',
        submitted_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT score_sheets_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id),
        CONSTRAINT score_sheets_rubric_fkey FOREIGN KEY (rubric_id) REFERENCES scoring_rubrics(id),
        CONSTRAINT score_sheets_one_per_examiner UNIQUE (session_id, candidate_id, examiner_id),
        CONSTRAINT score_sheets_status_check CHECK (status IN ('draft', 'submitted'))
      )`);
    await db.query(`
      CREATE TABLE score_publications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        category_code text NOT NULL,
        rubric jsonb NOT NULL,
        method text NOT NULL,
        sheets jsonb NOT NULL,
        result jsonb NOT NULL,
        final_score numeric(7,2) NOT NULL,
        announcement_zh text NOT NULL,
        announcement_en text NOT NULL,
        published_by uuid NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        confirmed_by uuid,
        confirmed_at timestamptz,
        CONSTRAINT score_publications_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id),
        CONSTRAINT score_publications_once UNIQUE (session_id, candidate_id)
      )`);
    await db.query(
      `CREATE INDEX score_publications_campaign ON score_publications (campaign_id, category_code)`,
    );
    await db.query(`
      CREATE TABLE score_corrections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        publication_id uuid NOT NULL,
        reason text NOT NULL,
        sheets jsonb NOT NULL,
        result jsonb NOT NULL,
        previous_score numeric(7,2) NOT NULL,
        final_score numeric(7,2) NOT NULL,
        announcement_zh text NOT NULL,
        announcement_en text NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        chief_approved_by uuid,
        chief_approved_at timestamptz,
        supervisor_approved_by uuid,
        supervisor_approved_at timestamptz,
        approved_at timestamptz,
        CONSTRAINT score_corrections_publication_fkey FOREIGN KEY (publication_id)
          REFERENCES score_publications(id)
      )`);
    await db.query(
      `CREATE INDEX score_corrections_publication ON score_corrections (publication_id, requested_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE score_corrections');
    await db.query('DROP TABLE score_publications');
    await db.query('DROP TABLE score_sheets');
    await db.query('DROP TABLE scoring_settings');
    await db.query('DROP TABLE scoring_rubrics');
  }
}
