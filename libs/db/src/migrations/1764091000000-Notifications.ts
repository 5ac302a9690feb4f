import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications outbox (written in the business transaction, relayed to BullMQ by the
 * worker, so nothing is lost when Redis loses its queues) and the in-app inbox.
 */
export class Notifications1764091000000 implements MigrationInterface {
  name = 'Notifications1764091000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL,
        recipient_id uuid NOT NULL,
        template text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT notifications_outbox_recipient_fkey FOREIGN KEY (recipient_id)
          REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT notifications_outbox_channel_check CHECK (channel IN ('email', 'in_app'))
      )`);
    await db.query(
      `CREATE INDEX notifications_outbox_pending ON notifications_outbox (sent_at, created_at)`,
    );
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        outbox_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_user_fkey FOREIGN KEY (user_id)
          REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT notifications_outbox_key UNIQUE (outbox_id)
      )`);
    await db.query(`CREATE INDEX notifications_inbox ON notifications (user_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE notifications');
    await db.query('DROP TABLE notifications_outbox');
  }
}
