import { MigrationInterface, QueryRunner } from 'typeorm';

/** The live-room timeline of each interview session (entries, exits, call-ins, ends of turn). */
export class SessionTimeline1764100000000 implements MigrationInterface {
  name = 'SessionTimeline1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE session_timeline (
        seq bigserial PRIMARY KEY,
        session_id uuid NOT NULL,
        type text NOT NULL,
        actor_user_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX session_timeline_session ON session_timeline (session_id, seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE session_timeline');
  }
}
