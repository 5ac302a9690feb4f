import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import type { ServerToClientEvents } from '@yunzhao/contracts';
import Redis from 'ioredis';

/**
 * The media node's socket.io Redis adapter key (apps/media/src/signaling/redis-io.adapter.ts
 * `socketIoKey`): the api publishes room events through it without a socket server of its own.
 */
export const roomEventsKey = (config: AppConfig) => `${config.redis.keyPrefix}:socket.io`;

type EventName = keyof ServerToClientEvents;

/** Emits typed room events to socket.io channels (`roomChannels.*`) through Redis. */
@Injectable()
export class RoomEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(RoomEventsService.name);
  private readonly redis: Redis;
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Its own connection with the offline queue on: an event published while Redis restarts
    // is sent on reconnect rather than failing the request that caused it.
    this.redis = new Redis(config.redis.url, { lazyConnect: false });
    this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.emitter = new Emitter<ServerToClientEvents>(this.redis, { key: roomEventsKey(config) });
  }

  emit<E extends EventName>(
    channels: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    this.emitter.to(channels).emit(event, ...args);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
