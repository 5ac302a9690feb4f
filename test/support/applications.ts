import type { TestDatabase } from './database';

export type ApplicationStatus = 'submitted' | 'approved' | 'rejected' | 'withdrawn';

/**
 * An application row as HR review leaves it (by default approved), written
 * straight to the database for tests that start after registration.
 */
export async function insertApplication(
  db: TestDatabase,
  application: {
    campaignId: string;
    postId: string;
    candidateId: string;
    status?: ApplicationStatus;
  },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO applications (campaign_id, post_id, candidate_id, status, eligible, verdict_reasons,
       degree, university_name, university_tier, discipline_code, submitted_at)
     VALUES ($1, $2, $3, $4, true, '[]'::jsonb, 'master', '山东大学', 'double_first_class', '0812', now())
     RETURNING id`,
    [
      application.campaignId,
      application.postId,
      application.candidateId,
      application.status ?? 'approved',
    ],
  );
  return row.id;
}
