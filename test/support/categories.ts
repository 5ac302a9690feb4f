import type { TestDatabase } from './database';

/**
 * Gives a campaign a discipline category straight in its table (named after its code), for
 * tests of what may refer to a category and when it may be removed. Returns the category's id.
 */
export async function addCategory(
  db: Pick<TestDatabase, 'query'>,
  campaignId: string,
  code: string,
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
     VALUES ($1, $2, $2, $2) RETURNING id`,
    [campaignId, code],
  );
  return row.id;
}
