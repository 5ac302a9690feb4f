import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/** Statement text → its prepared-statement name (a hash, so one text always has one name). */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `yz_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of a hot path as a named prepared statement: Postgres parses and plans it
 * once per connection instead of on every request (for the platform's bigger reads the plan
 * costs more than the execution). Inside a transaction pass its EntityManager; the statement
 * then runs on the transaction's connection. Errors are TypeORM's QueryFailedError, like
 * `manager.query()`, so `isUniqueViolation` and friends keep working.
 */
export async function preparedQuery<T extends QueryResultRow>(
  db: DataSource | EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = db instanceof EntityManager ? db.queryRunner : undefined;
  const connection: Pool | PoolClient = runner
    ? ((await runner.connect()) as PoolClient)
    : ((db instanceof EntityManager ? db.connection : db).driver as unknown as { master: Pool })
        .master;
  try {
    const result = await connection.query<T>({ name: statementName(text), text, values });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
