import { MigrationInterface, QueryRunner } from 'typeorm';

/** Candidate profiles, education, documents, applications and their history. */
export class Registration1764080200000 implements MigrationInterface {
  name = 'Registration1764080200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE candidate_profiles (
        user_id uuid PRIMARY KEY,
        full_name text NOT NULL,
        id_number text NOT NULL,
        birth_date date NOT NULL,
        sex text NOT NULL,
        phone text,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT candidate_profiles_id_number_key UNIQUE (id_number),
        CONSTRAINT candidate_profiles_user_id_fkey FOREIGN KEY (user_id)
          REFERENCES users(id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE education_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        degree text NOT NULL,
        university_name text NOT NULL,
        discipline_code text NOT NULL,
        major text NOT NULL DEFAULT '',
        graduation_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT education_records_user_id_fkey FOREIGN KEY (user_id)
          REFERENCES users(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "IDX_education_records_user_id" ON education_records (user_id)`);
    await db.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        kind text NOT NULL,
        original_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT documents_user_id_fkey FOREIGN KEY (user_id)
          REFERENCES users(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "IDX_documents_user_id" ON documents (user_id)`);
    await db.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        post_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        status text NOT NULL,
        eligible boolean NOT NULL,
        verdict_reasons jsonb NOT NULL,
        degree text NOT NULL,
        university_name text NOT NULL,
        university_tier text NOT NULL,
        discipline_code text NOT NULL,
        decision_reason text,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT applications_candidate_campaign_key UNIQUE (candidate_id, campaign_id),
        CONSTRAINT applications_campaign_id_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE RESTRICT,
        CONSTRAINT applications_post_id_fkey FOREIGN KEY (post_id)
          REFERENCES posts(id) ON DELETE RESTRICT,
        CONSTRAINT applications_candidate_id_fkey FOREIGN KEY (candidate_id)
          REFERENCES users(id) ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "IDX_applications_campaign_status" ON applications (campaign_id, status)`,
    );
    await db.query(`CREATE INDEX "IDX_applications_post_id" ON applications (post_id)`);
    await db.query(`
      CREATE TABLE application_history (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL,
        status text NOT NULL,
        actor text NOT NULL,
        reason text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_history_application_id_fkey FOREIGN KEY (application_id)
          REFERENCES applications(id) ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE INDEX "IDX_application_history_application_id" ON application_history (application_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE application_history');
    await db.query('DROP TABLE applications');
    await db.query('DROP TABLE documents');
    await db.query('DROP TABLE education_records');
    await db.query('DROP TABLE candidate_profiles');
  }
}
