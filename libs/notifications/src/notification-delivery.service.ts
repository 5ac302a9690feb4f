import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { DataSource, EntityManager } from 'typeorm';
import { MailTransport } from './mail-transport';
import { NotificationEntity } from './notification.entity';
import { NotificationOutboxEntity } from './outbox.entity';
import { renderNotification } from './templates';

export type DeliveryOutcome = 'sent' | 'already_sent' | 'missing';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class NotificationDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailTransport,
  ) {}

  /**
   * Delivers one outbox row at most once: the row is locked, a row already sent is left alone,
   * and the inbox entry is keyed by the outbox id. On failure the attempt is recorded and the
   * error rethrown so the queue retries.
   */
  async deliver(outboxId: string): Promise<DeliveryOutcome> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const row = await tx.findOne(NotificationOutboxEntity, {
          where: { id: outboxId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!row) return 'missing';
        if (row.sentAt) return 'already_sent';
        const recipient = await tx.findOneByOrFail(UserEntity, { id: row.recipientId });
        const address = await this.emailAddressOf(tx, recipient);
        const message = renderNotification(
          row.template,
          row.payload,
          this.config.notifications.publicWebUrl,
        );
        if (row.channel === 'email') {
          await this.mail.send({
            id: row.id,
            to: {
              name: recipient.displayName,
              address,
            },
            subject: message.subject,
            text: message.text,
          });
        }
        await tx
          .createQueryBuilder()
          .insert()
          .into(NotificationEntity)
          .values({
            userId: row.recipientId,
            outboxId: row.id,
            title: message.subject,
            body: message.text,
            link: message.link,
          })
          .orIgnore()
          .execute();
        await tx.update(
          NotificationOutboxEntity,
          { id: row.id },
          { sentAt: new Date(), attempts: row.attempts + 1, lastError: null },
        );
        return 'sent';
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.dataSource
        .createQueryBuilder()
        .update(NotificationOutboxEntity)
        .set({ attempts: () => 'attempts + 1', lastError: reason.slice(0, 500) })
        .where('id = :id', { id: outboxId })
        .execute();
      throw error;
    }
  }

  /**
   * Candidates give an email in their profile (registration); staff accounts have none, so a
   * username that is an email address is used instead.
   */
  private async emailAddressOf(tx: EntityManager, user: UserEntity): Promise<string | undefined> {
    const [profile] = await tx.query<{ email: string | null }[]>(
      'SELECT email FROM candidate_profiles WHERE user_id = $1',
      [user.id],
    );
    const candidates = [profile?.email ?? undefined, user.username];
    return candidates.find((value) => value !== undefined && EMAIL_PATTERN.test(value));
  }
}
