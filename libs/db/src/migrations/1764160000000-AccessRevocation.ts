import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.tokens_revoked_at`: access tokens issued up to this moment are refused, so disabling
 * an account, changing its roles or resetting its password takes effect at once rather than
 * when the short-lived access token expires. Indexed for the api's periodic read of the recent
 * revocations.
 */
export class AccessRevocation1764160000000 implements MigrationInterface {
  name = 'AccessRevocation1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN tokens_revoked_at timestamptz`);
    await db.query(`CREATE INDEX users_tokens_revoked_at_idx ON users (tokens_revoked_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX users_tokens_revoked_at_idx`);
    await db.query(`ALTER TABLE users DROP COLUMN tokens_revoked_at`);
  }
}
