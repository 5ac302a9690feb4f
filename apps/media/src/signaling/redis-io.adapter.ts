import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { AppConfig } from '@yunzhao/config';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** The socket.io channel key shared by media nodes and the api's emitter. */
export const socketIoKey = (config: AppConfig) => `${config.redis.keyPrefix}:socket.io`;

/**
 * socket.io over the Redis adapter: an event emitted to a room by any process
 * (another media node, or the api through the emitter) reaches its sockets.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.pub = new Redis(config.redis.url, { lazyConnect: false });
    this.sub = this.pub.duplicate();
    // Errors are retried by ioredis; log-free here to avoid noise while Redis restarts.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.config.api.corsOrigins.length ? this.config.api.corsOrigins : false },
    }) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoKey(this.config) }));
    this.resyncAfterReconnect(server);
    return server;
  }

  /**
   * While the subscriber is cut off from Redis, whatever the api or another node emits to this
   * node's sockets is lost. Once it is subscribed again, every socket of this node is told to
   * read again from the api what it shows.
   */
  private resyncAfterReconnect(server: Server): void {
    let cutOff = false;
    this.sub.on('close', () => {
      cutOff = true;
    });
    this.sub.on('ready', () => {
      if (!cutOff) return;
      cutOff = false;
      // ioredis re-sends the subscriptions right after 'ready'; a PING queued behind them is
      // answered only once Redis has processed them, so the sockets are told after that.
      setImmediate(() => {
        this.sub.ping().then(
          () => server.local.emit('resync'),
          () => undefined,
        );
      });
    });
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
