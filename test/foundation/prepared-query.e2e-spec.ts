import { isUniqueViolation, preparedQuery } from '@yunzhao/db';
import { DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/database';

// preparedQuery runs the hot paths' statements (application submission, score publication)
// as named prepared statements, on the pool or on a transaction's own connection.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await new DataSource({
    type: 'postgres',
    url: db.url,
    extra: { max: 2 },
  }).initialize();
  await dataSource.query('CREATE TABLE items (name text PRIMARY KEY, n int NOT NULL)');
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

const insert = 'INSERT INTO items (name, n) VALUES ($1, $2) RETURNING name, n';
const count = 'SELECT count(*)::int AS n FROM items WHERE name LIKE $1';

describe('preparedQuery', () => {
  it('returns the rows, and Postgres keeps the statement prepared on the connection', async () => {
    expect(await preparedQuery(dataSource, insert, ['a', 1])).toEqual([{ name: 'a', n: 1 }]);
    expect(await preparedQuery(dataSource, insert, ['b', 2])).toEqual([{ name: 'b', n: 2 }]);
    // Both pool connections have served by now; each holds the statement it prepared.
    const prepared = await dataSource.transaction(async (tx) => {
      await preparedQuery(tx, count, ['%']);
      return tx.query<{ statement: string }[]>(
        `SELECT statement FROM pg_prepared_statements WHERE name LIKE 'yz\\_%'`,
      );
    });
    expect(prepared.map((row) => row.statement)).toContain(count);
  });

  it("runs inside a transaction on the transaction's connection: its writes roll back with it", async () => {
    await expect(
      dataSource.transaction(async (tx) => {
        await preparedQuery(tx, insert, ['in-tx', 3]);
        // Seen by the transaction itself, before commit.
        expect(await preparedQuery(tx, count, ['in-tx'])).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await preparedQuery(dataSource, count, ['in-tx'])).toEqual([{ n: 0 }]);
  });

  it("fails as TypeORM's query() does, so constraint checks still recognise the refusal", async () => {
    const failure = await preparedQuery(dataSource, insert, ['a', 9]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(failure, 'items_pkey')).toBe(true);
    // The statement stays usable on that connection after the error.
    expect(await preparedQuery(dataSource, insert, ['c', 4])).toEqual([{ name: 'c', n: 4 }]);
  });
});
