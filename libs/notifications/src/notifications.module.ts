import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationOutboxEntity } from './outbox.entity';

/** Writing to the outbox (for other capabilities) and the in-app inbox API. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationOutboxEntity, NotificationEntity])],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
