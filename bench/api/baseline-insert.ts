// The one statement both reference servers run per request: the application row and its history
// row, as the api's submit path writes them, with a fixed verdict.
import type { Pool } from 'pg';

const VERDICT = JSON.stringify([{ 'zh-CN': '符合报名条件', en: 'Eligible' }]);

export interface BaselineSubmission {
  candidateId: string;
  campaignId: string;
  postId: string;
}

/** The new application's id, or null when the candidate already applied in that campaign. */
export async function insertApplication(
  pool: Pool,
  { candidateId, campaignId, postId }: BaselineSubmission,
): Promise<string | null> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH saved AS (
       INSERT INTO applications (campaign_id, post_id, candidate_id, status, eligible, verdict_reasons,
                                 degree, university_name, university_tier, discipline_code, submitted_at)
       VALUES ($1, $2, $3, 'submitted', true, $4, 'phd', '山东大学', '985', '0812', now())
       ON CONFLICT ON CONSTRAINT applications_candidate_campaign_key DO NOTHING
       RETURNING id
     ), logged AS (
       INSERT INTO application_history (application_id, status, actor) SELECT id, 'submitted', $5 FROM saved
     )
     SELECT id FROM saved`,
    [campaignId, postId, candidateId, VERDICT, `user:${candidateId}`],
  );
  return rows[0]?.id ?? null;
}
