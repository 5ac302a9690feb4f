import { Logger } from '@nestjs/common';
import type { AppConfig } from '@yunzhao/config';
import type { RedisService } from '@yunzhao/db';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import {
  MEDIA_NODE_TTL_MS,
  mediaClusterKeys,
  MediaNodeRecord,
  parseNodeRecord,
} from './media-placement.keys';
import { MediaPlacementService } from './media-placement.service';

const node = (id: string, extra: Partial<MediaNodeRecord> = {}): MediaNodeRecord => ({
  id,
  url: `http://${id}.test:3100`,
  workers: 2,
  rooms: 0,
  cpu: 0,
  at: Date.now(),
  ...extra,
});

describe('parseNodeRecord', () => {
  it('reads only well-formed heartbeats', () => {
    expect(parseNodeRecord(null)).toBeNull();
    expect(parseNodeRecord('not json')).toBeNull();
    expect(parseNodeRecord('{"id":1}')).toBeNull();
    expect(parseNodeRecord(JSON.stringify(node('a', { workers: 0 })))).toMatchObject({
      id: 'a',
      workers: 1,
    });
  });
});

describe('MediaPlacementService (real Redis)', () => {
  const prefix = `yztest:${randomBytes(4).toString('hex')}`;
  const keys = mediaClusterKeys(prefix);
  const clients: Redis[] = [];
  let admin: Redis;

  /** One api instance: its own Redis connection, the same prefix. */
  function apiInstance(): MediaPlacementService {
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    clients.push(client);
    const config = {
      redis: { keyPrefix: prefix },
      rooms: { mediaPublicUrl: 'http://fallback.test:3100' },
    } as AppConfig;
    return new MediaPlacementService(config, { client } as unknown as RedisService);
  }

  async function heartbeat(record: MediaNodeRecord, ttlMs = MEDIA_NODE_TTL_MS): Promise<void> {
    await admin.set(keys.node(record.id), JSON.stringify(record), 'PX', ttlMs);
    await admin.sadd(keys.nodes, record.id);
  }

  beforeAll(() => {
    Logger.overrideLogger(false);
    admin = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    const leftovers = await admin.keys(`${prefix}:*`);
    if (leftovers.length > 0) await admin.del(...leftovers);
    for (const client of [...clients, admin]) client.disconnect();
  });

  it('hands out MEDIA_PUBLIC_URL while no media node is registered', async () => {
    await expect(apiInstance().mediaUrlFor('s-none')).resolves.toBe('http://fallback.test:3100');
  });

  it('spreads sessions over the live nodes, sticks to a placement, and two api instances agree', async () => {
    await heartbeat(node('n1'));
    await heartbeat(node('n2'));
    const [api1, api2] = [apiInstance(), apiInstance()];
    // Two instances place the same sessions at the same moment.
    const sessions = ['s1', 's2', 's3', 's4'];
    const [first, second] = await Promise.all([
      Promise.all(sessions.map((sid) => api1.mediaUrlFor(sid))),
      Promise.all(sessions.map((sid) => api2.mediaUrlFor(sid))),
    ]);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['http://n1.test:3100', 'http://n2.test:3100']));
    expect(first.filter((url) => url === 'http://n1.test:3100')).toHaveLength(2);
    // A busier report does not move sessions already placed.
    await heartbeat(node('n1', { rooms: 50 }));
    await expect(api2.mediaUrlFor('s1')).resolves.toBe(first[0]);
    expect(await admin.get(keys.placement('s1'))).toBe(first[0].includes('n1') ? 'n1' : 'n2');
  });

  it('weighs rooms per worker: a bigger node takes more sessions', async () => {
    const api = apiInstance();
    await heartbeat(node('n1', { rooms: 3, workers: 1 }));
    await heartbeat(node('n2', { rooms: 3, workers: 4 }));
    await expect(api.mediaUrlFor('s-big')).resolves.toBe('http://n2.test:3100');
    await heartbeat(node('n1'));
    await heartbeat(node('n2'));
  });

  it('re-places the sessions of a node whose heartbeat expired', async () => {
    const api = apiInstance();
    const before = await api.mediaUrlFor('s1');
    const dying = before.includes('n1') ? 'n1' : 'n2';
    const survivor = dying === 'n1' ? 'n2' : 'n1';
    await admin.del(keys.node(dying)); // what the TTL does after a SIGKILL
    await expect(api.mediaUrlFor('s1')).resolves.toBe(`http://${survivor}.test:3100`);
    expect(await admin.get(keys.placement('s1'))).toBe(survivor);
    expect(await admin.sismember(keys.nodes, dying)).toBe(0);
    // The node comes back: the session stays where it was moved.
    await heartbeat(node(dying));
    await expect(api.mediaUrlFor('s1')).resolves.toBe(`http://${survivor}.test:3100`);
  });
});
