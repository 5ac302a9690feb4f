import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, refresh tokens and the append-only, hash-chained audit log. */
export class Foundation1764079200000 implements MigrationInterface {
  name = 'Foundation1764079200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username = lower(username)),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX "IDX_refresh_tokens_user_id" ON refresh_tokens (user_id)`);
    await db.query(`
      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await db.query(`CREATE INDEX audit_log_subject ON audit_log (subject, seq)`);
    await db.query(`CREATE INDEX audit_log_action ON audit_log (action, seq)`);
    // Append-only: the database itself refuses changes to written entries.
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_append_only()');
    await db.query('DROP TABLE refresh_tokens');
    await db.query('DROP TABLE users');
  }
}
