import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { insertApplication } from '../support/applications';
import type { TestDatabase } from '../support/database';
import { makeUser, TestUser } from '../support/http';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The demo campaign (SEED_DEMO) and one of its posts, as HR sees them. */
export async function demoCampaign(
  app: INestApplication,
  hrToken: string,
): Promise<{ campaignId: string; postId: string }> {
  const http = request(app.getHttpServer());
  const [campaign] = (await http.get('/api/campaigns').set(auth(hrToken)).expect(200)).body;
  const posts = (
    await request(app.getHttpServer())
      .get(`/api/campaigns/${campaign.id}/posts?limit=1`)
      .set(auth(hrToken))
      .expect(200)
  ).body.items;
  return { campaignId: campaign.id, postId: posts[0].id };
}

/** A candidate account with an approved application in the campaign, in the given discipline. */
export async function approvedCandidate(
  app: INestApplication,
  db: TestDatabase,
  adminToken: string,
  username: string,
  campaign: { campaignId: string; postId: string },
  discipline: string,
): Promise<TestUser> {
  const user = await makeUser(app, adminToken, username, ['candidate']);
  const applicationId = await insertApplication(db, {
    campaignId: campaign.campaignId,
    postId: campaign.postId,
    candidateId: user.id,
  });
  await db.query('UPDATE applications SET discipline_code = $2 WHERE id = $1', [
    applicationId,
    discipline,
  ]);
  return user;
}

/** A preference window that is open now (an hour ago to an hour ahead). */
export function openWindow(maxPreferences: number) {
  return {
    preferencesOpenAt: new Date(Date.now() - 3600_000).toISOString(),
    preferencesCloseAt: new Date(Date.now() + 3600_000).toISOString(),
    maxPreferences,
  };
}
