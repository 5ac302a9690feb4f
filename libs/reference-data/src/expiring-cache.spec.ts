import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  it('loads once for concurrent callers and again only after the time to live', async () => {
    let clock = 0;
    let loads = 0;
    const cache = new ExpiringCache(
      1_000,
      async () => ++loads,
      () => clock,
    );
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    clock = 999;
    expect(await cache.get()).toBe(1);
    clock = 1_000;
    expect(await Promise.all([cache.get(), cache.get()])).toEqual([2, 2]);
    expect(loads).toBe(2);
  });

  it('reloads after invalidate', async () => {
    let loads = 0;
    const cache = new ExpiringCache(60_000, async () => ++loads);
    await cache.get();
    cache.invalidate();
    expect(await cache.get()).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const cache = new ExpiringCache(60_000, async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return 'loaded';
    });
    await expect(cache.get()).rejects.toThrow('database down');
    expect(await cache.get()).toBe('loaded');
  });
});
