import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { RedisService } from '@yunzhao/db';
import {
  MEDIA_PLACEMENT_TTL_MS,
  mediaClusterKeys,
  MediaNodeRecord,
  parseNodeRecord,
} from './media-placement.keys';

/**
 * Places a session atomically (one script, so concurrent placements see each other): keeps a
 * placement another api instance made meanwhile, else picks the least-loaded node — sessions
 * per worker, counting both the rooms a node reports and the sessions placed on it that have
 * not opened a room yet; ties go to the lower CPU load, then to the lower id — stores the
 * choice and counts it on the node.
 * KEYS: placement key, then each node's `placed` set. ARGV: now, ttl, session id, then per
 * node: id, rooms, workers, cpu.
 */
const PLACE = `
local current = redis.call('GET', KEYS[1])
if current then return current end
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local best, bestKey, bestScore, bestCpu
for i = 2, #KEYS do
  local base = 3 + (i - 2) * 4
  local id = ARGV[base + 1]
  local rooms = tonumber(ARGV[base + 2])
  local workers = math.max(1, tonumber(ARGV[base + 3]))
  local cpu = tonumber(ARGV[base + 4])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local placed = redis.call('ZCARD', KEYS[i])
  local score = math.max(rooms, placed) / workers
  if best == nil or score < bestScore
    or (score == bestScore and (cpu < bestCpu or (cpu == bestCpu and id < best))) then
    best, bestKey, bestScore, bestCpu = id, KEYS[i], score, cpu
  end
end
redis.call('SET', KEYS[1], best, 'PX', ttl)
redis.call('ZADD', bestKey, now + ttl, ARGV[3])
return best`;

/** Deletes a key only while it still holds the value read (a dead node's placement). */
const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Places each interview session on one media node. Nodes announce themselves in Redis with a
 * heartbeat (apps/media/src/cluster); a session goes to the least-loaded live node, and the
 * choice is stored with SET NX so every api instance hands out the same node. A session stays
 * on its node while the node lives; once the node's heartbeat expires, the next token request
 * drops the placement and places the session again. With no node registered (a single-node
 * setup), browsers get MEDIA_PUBLIC_URL as before.
 */
@Injectable()
export class MediaPlacementService {
  private readonly logger = new Logger(MediaPlacementService.name);
  private readonly keys: ReturnType<typeof mediaClusterKeys>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {
    this.keys = mediaClusterKeys(config.redis.keyPrefix);
  }

  /** The signaling address the session's participants must use now. */
  async mediaUrlFor(sessionId: string): Promise<string> {
    try {
      const node = await this.place(sessionId);
      return node?.url ?? this.config.rooms.mediaPublicUrl;
    } catch (error) {
      // Redis away: the rooms' own signaling cannot fan out either; say so and keep serving.
      this.logger.warn(
        { err: error, sessionId },
        'media placement unavailable; handing out MEDIA_PUBLIC_URL',
      );
      return this.config.rooms.mediaPublicUrl;
    }
  }

  /** The node a session is (now) placed on, or null when no media node is registered. */
  async place(sessionId: string): Promise<MediaNodeRecord | null> {
    const client = this.redis.client;
    const placementKey = this.keys.placement(sessionId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const live = await this.liveNodes();
      if (live.size === 0) return null;
      const current = await client.get(placementKey);
      const kept = current ? live.get(current) : undefined;
      if (kept) {
        await this.remember(sessionId, kept.id);
        return kept;
      }
      if (current) {
        // Its node is gone: drop the placement (unless another api instance already moved it).
        await client.eval(DELETE_IF_EQUALS, 1, placementKey, current);
        this.logger.warn({ sessionId, deadNode: current }, 'media node gone; re-placing session');
      }
      const nodes = [...live.values()];
      const chosen = (await client.eval(
        PLACE,
        1 + nodes.length,
        placementKey,
        ...nodes.map((node) => this.keys.placed(node.id)),
        Date.now(),
        MEDIA_PLACEMENT_TTL_MS,
        sessionId,
        ...nodes.flatMap((node) => [node.id, node.rooms, node.workers, node.cpu]),
      )) as string;
      const placed = live.get(chosen);
      if (placed) {
        this.logger.log({ sessionId, node: chosen }, 'session placed on media node');
        return placed;
      }
      // Another api instance placed it on a node that died meanwhile: go round again.
    }
    throw new Error(`could not settle the media placement of session ${sessionId}`);
  }

  /** Registered nodes whose heartbeat has not expired; forgets the ones that are gone. */
  async liveNodes(): Promise<Map<string, MediaNodeRecord>> {
    const client = this.redis.client;
    const ids = (await client.smembers(this.keys.nodes)).sort();
    const live = new Map<string, MediaNodeRecord>();
    if (ids.length === 0) return live;
    const records = await client.mget(ids.map((id) => this.keys.node(id)));
    const dead: string[] = [];
    ids.forEach((id, index) => {
      const record = parseNodeRecord(records[index]);
      if (record && record.id === id) live.set(id, record);
      else dead.push(id);
    });
    if (dead.length > 0) {
      // A node that comes back adds itself again with its next heartbeat.
      await client.srem(this.keys.nodes, ...dead);
      await client.del(...dead.map((id) => this.keys.placed(id)));
    }
    return live;
  }

  /** Keeps the placement (and the node's count of it) alive for another TTL. */
  private async remember(sessionId: string, nodeId: string): Promise<void> {
    await this.redis.client
      .multi()
      .pexpire(this.keys.placement(sessionId), MEDIA_PLACEMENT_TTL_MS)
      .zadd(this.keys.placed(nodeId), Date.now() + MEDIA_PLACEMENT_TTL_MS, sessionId)
      .exec();
  }
}
