import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries are written unchained inside the business transaction (no
 * global lock); a single chainer links them afterwards, in the order their
 * transactions became visible, into `chain_pos` / `prev_hash` / `hash`.
 * Existing entries were chained in `seq` order under the old lock, so they get
 * `chain_pos` = their rank by `seq`. The append-only trigger now lets exactly
 * one change through: filling the chain columns of an unchained entry, once,
 * without touching anything else.
 */
export class AuditChainer1764150000000 implements MigrationInterface {
  name = 'AuditChainer1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_log ADD COLUMN chain_pos bigint`);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`);
    await db.query(`
      UPDATE audit_log SET chain_pos = ranked.pos
        FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS pos FROM audit_log) ranked
       WHERE audit_log.seq = ranked.seq`);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`);
    await db.query(
      `ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`,
    );
    await db.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_pos_key UNIQUE (chain_pos)`,
    );
    await db.query(`
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_chained_check CHECK (
        (chain_pos IS NULL AND prev_hash IS NULL AND hash IS NULL)
        OR (chain_pos IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL))`);
    // What the chainer looks for: small, since entries leave it within moments.
    await db.query(`CREATE INDEX audit_log_unchained ON audit_log (seq) WHERE chain_pos IS NULL`);
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL
           AND NEW.seq = OLD.seq
           AND NEW.actor IS NOT DISTINCT FROM OLD.actor
           AND NEW.action IS NOT DISTINCT FROM OLD.action
           AND NEW.subject IS NOT DISTINCT FROM OLD.subject
           AND NEW.occurred_at IS NOT DISTINCT FROM OLD.occurred_at
           AND NEW.details IS NOT DISTINCT FROM OLD.details THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
    await db.query(`DROP INDEX audit_log_unchained`);
    await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_chained_check`);
    await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_pos_key`);
    // Fails while unchained entries remain: chain them (npm run verify-audit) before reverting.
    await db.query(
      `ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
    );
    await db.query(`ALTER TABLE audit_log DROP COLUMN chain_pos`);
  }
}
