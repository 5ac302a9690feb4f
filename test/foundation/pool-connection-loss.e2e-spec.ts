import { dataSourceOptions } from '@yunzhao/db';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/database';

// A connection the server ends while it is checked out of the pool, before anyone listens on
// it (the moment between pg-pool handing it out and TypeORM taking it), must not crash the
// process: the pool drops it and the next query gets a fresh connection.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

it('survives the server ending a checked-out connection that nobody listens on yet', async () => {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client: PoolClient = await pool.connect();
  const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  const ended = new Promise((resolve) => client.once('end', resolve));

  // The server sends "terminating connection due to administrator command" on an idle,
  // checked-out connection: exactly what a Postgres shutdown does to every backend.
  await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
  await ended;
  client.release(true);

  const [{ alive }] = await dataSource.query<{ alive: number }[]>('SELECT 1 AS alive');
  expect(alive).toBe(1);
  const live = await dataSource.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1',
    [pid],
  );
  expect(live[0].n).toBe(0);
});
