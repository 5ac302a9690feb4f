// Row and table locks for concurrency tests: a connection of the test's own holds locks in an
// open transaction, so a request of the app stops at a known point; the test then waits (in
// pg_locks, never on a timer) until the app's backends really are waiting on each other.
import { Client } from 'pg';
import type { TestDatabase } from './database';

export interface LockHolder {
  /** The holder's backend, as pg_blocking_pids names it. */
  pid: number;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Ends the transaction and closes the connection. */
  end(how: 'COMMIT' | 'ROLLBACK'): Promise<void>;
}

/** Opens a connection of its own and begins a transaction on it. */
export async function holdLocks(db: TestDatabase): Promise<LockHolder> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  await client.query('BEGIN');
  return {
    pid,
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    end: async (how) => {
      try {
        await client.query(how);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Waits until a backend of this database waits for a lock that backend `pid` holds, and returns
 * it; `running` (an SQL LIKE pattern) narrows the wait to backends running a matching query, and
 * `besides` leaves out backends already known to wait.
 */
export async function blockedBy(
  db: TestDatabase,
  pid: number,
  running = '%',
  timeoutMs = 30_000,
  besides: number[] = [],
): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = (
        await client.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))
              AND query LIKE $2 AND pid <> ALL($3::int[])
            ORDER BY pid LIMIT 1`,
          [pid, running, besides],
        )
      ).rows;
      if (rows.length > 0) return rows[0].pid;
      if (Date.now() > deadline) {
        throw new Error(`no backend came to wait for a lock held by ${pid} (${running})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/**
 * Makes `second` meet `first` in the middle of its transaction, and returns both answers. A
 * connection of the test holds the audit log in SHARE mode (nobody can insert): `first`, an
 * audited write, stops at its audit entry with all its other locks held; only then is `second`
 * started, and the hold is let go once `second` waits on a lock of `first`.
 */
export async function secondWaitsOnFirst<A, B>(
  db: TestDatabase,
  first: () => PromiseLike<A>,
  second: () => PromiseLike<B>,
): Promise<[A, B]> {
  const holder = await holdLocks(db);
  let firstDone: Promise<A> | undefined;
  let secondDone: Promise<B> | undefined;
  try {
    await holder.query('LOCK TABLE audit_log IN SHARE MODE');
    firstDone = Promise.resolve(first());
    const firstPid = await blockedBy(db, holder.pid, 'INSERT INTO audit_log%');
    secondDone = Promise.resolve(second());
    await blockedBy(db, firstPid);
  } finally {
    await holder.end('COMMIT');
  }
  return [await firstDone, await secondDone];
}
