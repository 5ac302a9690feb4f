/**
 * One value loaded on demand and kept for a while. Concurrent callers share a single load, so
 * when the value expires under load the database is read once, not once per waiting request;
 * a failed load is not kept.
 */
export class ExpiringCache<T> {
  private current: { value: Promise<T>; expires: number } | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly load: () => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.current && this.current.expires > this.now()) return this.current.value;
    const value = this.load();
    const entry = { value, expires: this.now() + this.ttlMs };
    this.current = entry;
    value.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    return value;
  }

  invalidate(): void {
    this.current = undefined;
  }
}
