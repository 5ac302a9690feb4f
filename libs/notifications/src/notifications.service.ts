import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { InboxPage, NotificationView } from './dto/notification.dto';
import { NotificationEntity } from './notification.entity';
import { NotificationChannel, NotificationOutboxEntity } from './outbox.entity';
import type { NotificationTemplates, TemplateName } from './templates';

export interface OutboxMessage<T extends TemplateName = TemplateName> {
  recipientId: string;
  template: T;
  payload: NotificationTemplates[T];
  channel?: NotificationChannel;
}

function toView(row: NotificationEntity): NotificationView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    link: row.link,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Queues messages by writing them to the outbox with the caller's transaction: they exist
   * exactly when the change they announce is committed.
   */
  async enqueue(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const rows = messages.map((message) =>
      manager.create(NotificationOutboxEntity, {
        channel: message.channel ?? 'email',
        recipientId: message.recipientId,
        template: message.template,
        payload: { ...message.payload },
      }),
    );
    const saved = await manager.save(rows);
    return saved.map((row) => row.id);
  }

  async inbox(userId: string, limit: number, offset: number): Promise<InboxPage> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    const [items, unread] = await Promise.all([
      repository.find({
        where: { userId },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: limit,
        skip: offset,
      }),
      repository.countBy({ userId, readAt: IsNull() }),
    ]);
    return { items: items.map(toView), unread };
  }

  /** Marks one of the user's own notifications read; someone else's is "not found". */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    const row = await repository.findOneBy({ id, userId });
    if (!row) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    if (!row.readAt) {
      row.readAt = new Date();
      await repository.save(row);
    }
    return toView(row);
  }
}
