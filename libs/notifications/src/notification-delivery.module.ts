import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '@yunzhao/accounts';
import { MailTransport } from './mail-transport';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationEntity } from './notification.entity';
import { NotificationOutboxEntity } from './outbox.entity';

/** Delivery of outbox rows (email or .eml file, plus the inbox entry): used by the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationOutboxEntity, NotificationEntity, UserEntity])],
  providers: [MailTransport, NotificationDeliveryService],
  exports: [NotificationDeliveryService],
})
export class NotificationDeliveryModule {}
