import { MigrationInterface, QueryRunner } from 'typeorm';

/** Campaigns, their discipline categories and posts. */
export class Campaigns1764080100000 implements MigrationInterface {
  name = 'Campaigns1764080100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        announcement text NOT NULL DEFAULT '',
        registration_opens_at timestamptz NOT NULL,
        registration_closes_at timestamptz NOT NULL,
        interview_starts_at timestamptz,
        interview_ends_at timestamptz,
        status text NOT NULL DEFAULT 'draft',
        eligibility_rule jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE campaign_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        code text NOT NULL,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        sort_order integer NOT NULL DEFAULT 0,
        CONSTRAINT campaign_categories_campaign_code_key UNIQUE (campaign_id, code),
        CONSTRAINT campaign_categories_campaign_id_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        category_id uuid NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        quota integer NOT NULL,
        degree_levels text[] NOT NULL DEFAULT '{}',
        disciplines text[] NOT NULL DEFAULT '{}',
        requirements text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT posts_campaign_code_key UNIQUE (campaign_id, code),
        CONSTRAINT posts_campaign_id_fkey FOREIGN KEY (campaign_id)
          REFERENCES campaigns(id) ON DELETE CASCADE,
        CONSTRAINT posts_category_id_fkey FOREIGN KEY (category_id)
          REFERENCES campaign_categories(id) ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX "IDX_posts_category_id" ON posts (category_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE posts');
    await db.query('DROP TABLE campaign_categories');
    await db.query('DROP TABLE campaigns');
  }
}
