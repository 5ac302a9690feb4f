import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { RedisService } from '@yunzhao/db';

/**
 * Counts failed logins per account and per client address in Redis, so the
 * limit holds across every api instance. Each counter expires after the window.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(username: string, ip: string): [string, string] {
    return [
      this.redis.key('login-failures', 'account', username.toLowerCase(), ip),
      this.redis.key('login-failures', 'ip', ip),
    ];
  }

  /** Seconds until the caller may try again, or 0 when allowed. */
  async blockedFor(username: string, ip: string): Promise<number> {
    const { loginMaxFailures } = this.config.auth;
    const [accountKey, ipKey] = this.keys(username, ip);
    const [account, perIp] = await this.redis.client.mget(accountKey, ipKey);
    // An address may fail across many accounts a little more than one account may.
    const blockedKey =
      Number(account) >= loginMaxFailures
        ? accountKey
        : Number(perIp) >= loginMaxFailures * 4
          ? ipKey
          : undefined;
    return blockedKey ? Math.max(1, await this.redis.client.ttl(blockedKey)) : 0;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const window = this.config.auth.loginWindowSeconds;
    const pipeline = this.redis.client.multi();
    for (const key of this.keys(username, ip)) pipeline.incr(key).expire(key, window, 'NX');
    await pipeline.exec();
  }

  async reset(username: string, ip: string): Promise<void> {
    await this.redis.client.del(this.keys(username, ip)[0]);
  }

  /** Lifts the account's lock-out from every address (after an administrator's password reset). */
  async clearAccount(username: string): Promise<void> {
    const literal = username.toLowerCase().replace(/[*?[\]\\]/g, '\\$&');
    const match = this.redis.key('login-failures', 'account', literal, '*');
    const stream = this.redis.client.scanStream({ match, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>)
      if (keys.length > 0) await this.redis.client.del(...keys);
  }
}
