import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@yunzhao/audit';
import { AppConfig, ConfigModule } from '@yunzhao/config';
import { loggerParams } from '@yunzhao/core';
import { DatabaseModule, RedisModule } from '@yunzhao/db';
import { NOTIFICATIONS_QUEUE, NotificationDeliveryModule } from '@yunzhao/notifications';
import { RecordingsModule } from '@yunzhao/recordings';
import { LoggerModule } from 'nestjs-pino';
import { HOUSEKEEPING_QUEUE, HousekeepingProcessor } from './housekeeping/housekeeping.processor';
import { NotificationsProcessor } from './notifications/notifications.processor';
import { OutboxRelay } from './notifications/outbox-relay.service';
import { RECORDINGS_QUEUE } from './recordings/recordings-queue';
import { RecordingsProcessor } from './recordings/recordings.processor';
import { RecordingsRelay } from './recordings/recordings-relay.service';

/** BullMQ connection options from REDIS_URL (BullMQ workers need maxRetriesPerRequest null). */
export function bullConnection(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** Background jobs: every queue's processor is registered here. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        DatabaseModule.forRoot(),
        RedisModule,
        AuditModule,
        BullModule.forRoot({
          connection: bullConnection(config.redis.url),
          prefix: `${config.redis.keyPrefix}:bull`,
        }),
        BullModule.registerQueue({ name: HOUSEKEEPING_QUEUE }),
        BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE }),
        NotificationDeliveryModule,
        BullModule.registerQueue({ name: RECORDINGS_QUEUE }),
        RecordingsModule,
      ],
      providers: [
        HousekeepingProcessor,
        NotificationsProcessor,
        OutboxRelay,
        RecordingsProcessor,
        RecordingsRelay,
      ],
    };
  }
}
