import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of an UPDATE/DELETE … RETURNING: TypeORM's Postgres driver answers those
 * with `[rows, affectedCount]` instead of the rows.
 */
export async function returning<T>(
  db: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result = (await db.query(sql, params)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]))
    return result[0] as T[];
  return result as T[];
}
