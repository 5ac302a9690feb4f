export * from './dto/notification.dto';
export * from './mail-transport';
export * from './notification-delivery.module';
export * from './notification-delivery.service';
export * from './notification.entity';
export * from './notifications.module';
export * from './notifications.service';
export * from './outbox.entity';
export * from './templates';

/** The BullMQ queue that carries outbox row ids to the worker. */
export const NOTIFICATIONS_QUEUE = 'notifications';
