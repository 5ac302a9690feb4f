import { EntityManager } from 'typeorm';

/**
 * Interview sessions, question sets and scoring rubrics name a campaign's category by its code,
 * with no foreign key. Whoever writes such a row calls this first in the writing transaction: it
 * takes the campaign row FOR KEY SHARE, then each named category row FOR KEY SHARE, both held
 * until commit, and returns the codes the campaign has no category for (the caller refuses the
 * write if there are any), or null when the campaign does not exist.
 *
 * CampaignsService.removeCategory locks the same rows, in the same order (campaign, then
 * category), FOR UPDATE before it counts the category's uses. So the two cannot interleave: a
 * deletion that locked first makes the writer wait, and the writer then finds no category; a
 * writer that locked first makes the deletion wait, and the deletion then counts the new row and
 * refuses. The campaign goes first because rubric inserts take it FOR KEY SHARE anyway (their
 * foreign key): taking it after the category could deadlock against a deletion.
 */
export async function lockCategoryCodes(
  tx: EntityManager,
  campaignId: string,
  codes: readonly string[],
): Promise<string[] | null> {
  if (!tx.queryRunner?.isTransactionActive) {
    throw new Error('lockCategoryCodes must run inside the transaction that writes the codes');
  }
  const campaign = await tx.query<unknown[]>(
    'SELECT 1 FROM campaigns WHERE id = $1 FOR KEY SHARE',
    [campaignId],
  );
  if (campaign.length === 0) return null;
  const wanted = [...new Set(codes)].sort();
  const found = await tx.query<{ code: string }[]>(
    `SELECT code FROM campaign_categories
      WHERE campaign_id = $1 AND code = ANY($2::text[])
      ORDER BY code
        FOR KEY SHARE`,
    [campaignId, wanted],
  );
  const have = new Set(found.map((row) => row.code));
  return wanted.filter((code) => !have.has(code));
}
