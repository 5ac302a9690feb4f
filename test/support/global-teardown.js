// After the whole run: remove the Redis keys test apps left under their
// per-test prefixes (BullMQ schedulers and the like). Every test prefix
// starts with "yztest:" (test/support/config.ts), so nothing else is touched.
const Redis = require('ioredis');

module.exports = async function removeTestRedisKeys() {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'yztest:*', 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis gone at the end of the run: nothing to clean.
  } finally {
    redis.disconnect();
  }
};
