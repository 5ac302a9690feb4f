import { Global, Inject, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import Redis from 'ioredis';

/**
 * The process's Redis connection for ephemeral state (rate limits, room state).
 * Commands fail fast while Redis is away instead of queueing up, so callers
 * can answer 503; the client reconnects by itself.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = new Redis(config.redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 3000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  /** A key in this deployment's namespace. */
  key(...parts: string[]): string {
    return [this.config.redis.keyPrefix, ...parts].join(':');
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
