import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { RedisService } from '@yunzhao/db';
import {
  MEDIA_NODE_HEARTBEAT_MS,
  MEDIA_NODE_TTL_MS,
  MEDIA_PLACEMENT_TTL_MS,
  mediaClusterKeys,
  MediaNodeRecord,
  parseNodeRecord,
} from '@yunzhao/sessions';
import { EventEmitter } from 'node:events';
import * as os from 'node:os';
import { RoomRegistry } from '../rooms/room-registry.service';
import { WorkerPool } from '../workers/worker-pool.service';

/**
 * Keeps a room's placement on this node: sets it when absent (the placement was dropped while
 * this node's heartbeat lapsed) and refreshes it when it is ours. Returns 0 when another node
 * holds the session.
 */
const CLAIM_PLACEMENT = `
local current = redis.call('GET', KEYS[1])
if current == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  current = ARGV[1]
end
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  return 1
end
return 0`;

/**
 * The media node's entry in the cluster registry (see libs/sessions/src/media-placement.keys.ts):
 * every MEDIA_NODE_HEARTBEAT_MS it writes its id, public signaling URL and load under a key that
 * expires after MEDIA_NODE_TTL_MS, so a node that dies (even by SIGKILL) drops out on its own.
 * Only a node given MEDIA_NODE_PUBLIC_URL registers: a single-node setup never does, and the api
 * keeps handing out MEDIA_PUBLIC_URL.
 */
@Injectable()
export class MediaNodeHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MediaNodeHeartbeat.name);
  /**
   * `sessionLost` (session id): another live node holds a session whose room is open here (this
   * node stalled long enough for the session to be placed again); the room must go.
   */
  readonly events = new EventEmitter();
  private readonly keys: ReturnType<typeof mediaClusterKeys>;
  private timer: NodeJS.Timeout | undefined;
  private registered = false;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly workers: WorkerPool,
    private readonly rooms: RoomRegistry,
    private readonly http: HttpAdapterHost,
  ) {
    this.keys = mediaClusterKeys(config.redis.keyPrefix);
  }

  get enabled(): boolean {
    return this.config.media.nodePublicUrl !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.beat(), MEDIA_NODE_HEARTBEAT_MS);
    this.timer.unref();
    void this.beat();
  }

  /** What this node announces now. */
  async record(): Promise<MediaNodeRecord> {
    const workers = (await this.workers.status()).filter((worker) => worker.pid > 0).length;
    return {
      id: this.config.media.nodeId,
      url: this.config.media.nodePublicUrl ?? this.config.rooms.mediaPublicUrl,
      workers,
      rooms: this.rooms.list().filter((room) => !room.closed).length,
      cpu: Math.round((os.loadavg()[0] / Math.max(1, os.cpus().length)) * 100) / 100,
      at: Date.now(),
    };
  }

  /** One heartbeat: the node record, and the placements of the rooms it holds. */
  async beat(): Promise<void> {
    // Announce the node only once it accepts connections (init runs before listen).
    const server = this.http.httpAdapter?.getHttpServer() as { listening?: boolean } | undefined;
    if (!server?.listening) return;
    try {
      const record = await this.record();
      if (record.workers === 0) return; // no live worker: let the key expire, rooms move away
      const { nodeId } = this.config.media;
      const pipeline = this.redis.client
        .pipeline()
        .set(this.keys.node(nodeId), JSON.stringify(record), 'PX', MEDIA_NODE_TTL_MS)
        .sadd(this.keys.nodes, nodeId);
      const expiry = Date.now() + MEDIA_PLACEMENT_TTL_MS;
      const sessions = this.rooms
        .list()
        .filter((room) => !room.closed)
        .map((room) => room.sessionId);
      for (const sessionId of sessions) {
        pipeline.eval(
          CLAIM_PLACEMENT,
          2,
          this.keys.placement(sessionId),
          this.keys.placed(nodeId),
          nodeId,
          MEDIA_PLACEMENT_TTL_MS,
          expiry,
          sessionId,
        );
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
      const lost = sessions.filter((_, index) => results[index + 2][1] === 0);
      for (const sessionId of lost) {
        // A dead node's placement is the api's to drop; only a live holder takes the room over.
        if (!(await this.placedElsewhere(sessionId))) continue;
        this.logger.warn(
          { sessionId, nodeId },
          'a room on this node is placed on another live node',
        );
        this.events.emit('sessionLost', sessionId);
      }
      if (!this.registered || this.failing)
        this.logger.log({ nodeId, url: record.url }, 'media node registered');
      this.registered = true;
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn({ err: error }, 'media node heartbeat failed; retrying every beat');
      this.failing = true;
    }
  }

  /** Whether the session is placed on another node that is alive (false in a single-node setup). */
  async placedElsewhere(sessionId: string): Promise<boolean> {
    if (!this.enabled) return false;
    const holder = await this.redis.client.get(this.keys.placement(sessionId));
    if (!holder || holder === this.config.media.nodeId) return false;
    return parseNodeRecord(await this.redis.client.get(this.keys.node(holder))) !== null;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    if (!this.registered) return;
    // A clean stop leaves the registry at once; a crash is noticed when the key expires.
    const { nodeId } = this.config.media;
    await this.redis.client
      .multi()
      .del(this.keys.node(nodeId))
      .srem(this.keys.nodes, nodeId)
      .exec()
      .catch(() => undefined);
  }
}
