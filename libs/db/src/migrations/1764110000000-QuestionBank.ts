import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Question banks (issue 6): one per campaign, sets encrypted at rest (AES-256-GCM in
 * `content`), the set each session drew (a set is used by at most one session, enforced by
 * `question_set_uses_set_once`), the supervisor's draw value and the questions revealed.
 * The draw records themselves live in `draw_records` (purpose 'question_set').
 */
export class QuestionBank1764110000000 implements MigrationInterface {
  name = 'QuestionBank1764110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE question_banks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        warning_seconds integer,
        sealed_at timestamptz,
        sealed_by text,
        commitment char(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT question_banks_campaign_key UNIQUE (campaign_id)
      )`);
    await db.query(`
      CREATE TABLE question_sets (
        id uuid PRIMARY KEY,
        bank_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        category_code text NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        question_count integer NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT question_sets_bank_fkey FOREIGN KEY (bank_id)
          REFERENCES question_banks(id) ON DELETE CASCADE,
        CONSTRAINT question_sets_campaign_code_key UNIQUE (campaign_id, code)
      )`);
    await db.query(`CREATE INDEX question_sets_pool ON question_sets (campaign_id, category_code)`);
    await db.query(`
      CREATE TABLE question_set_uses (
        session_id uuid PRIMARY KEY,
        question_set_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        category_code text NOT NULL,
        draw_record_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT question_set_uses_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id),
        CONSTRAINT question_set_uses_set_fkey FOREIGN KEY (question_set_id)
          REFERENCES question_sets(id),
        CONSTRAINT question_set_uses_set_once UNIQUE (question_set_id)
      )`);
    await db.query(`
      CREATE TABLE question_draw_inputs (
        session_id uuid PRIMARY KEY,
        supervisor_value text NOT NULL,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT question_draw_inputs_session_fkey FOREIGN KEY (session_id)
          REFERENCES interview_sessions(id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE question_reveals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        candidate_id uuid NOT NULL,
        question_index integer NOT NULL,
        time_allowed_seconds integer NOT NULL,
        warning_seconds integer NOT NULL,
        revealed_at timestamptz NOT NULL DEFAULT now(),
        revealed_by text NOT NULL,
        CONSTRAINT question_reveals_once UNIQUE (session_id, candidate_id, question_index)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE question_reveals');
    await db.query('DROP TABLE question_draw_inputs');
    await db.query('DROP TABLE question_set_uses');
    await db.query('DROP TABLE question_sets');
    await db.query('DROP TABLE question_banks');
  }
}
