// Scheduling fixtures. Campaigns and applications belong to issue 3 (registration); these rows
// are written straight into its tables so the scheduling tests do not depend on that flow.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { insertApplication } from '../support/applications';
import type { TestDatabase } from '../support/database';
import { makeUser } from '../support/http';
import type { TestUser } from '../support/http';

export { makeUser };
export type { TestUser };

/** A campaign with one category and one post; returns their ids. */
export async function makeCampaign(db: TestDatabase, name: string) {
  const [campaign] = await db.query<{ id: string }>(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ($1, now() - interval '30 days', now() - interval '1 day', 'closed', '{"anyOf":[{"degree":"phd"}]}'::jsonb)
     RETURNING id`,
    [name],
  );
  const [category] = await db.query<{ id: string }>(
    `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
     VALUES ($1, 'ENG', '工学类', 'Engineering') RETURNING id`,
    [campaign.id],
  );
  const [post] = await db.query<{ id: string }>(
    `INSERT INTO posts (campaign_id, category_id, code, title, quota)
     VALUES ($1, $2, 'ENG-01', '工学类岗位', 10) RETURNING id`,
    [campaign.id, category.id],
  );
  return { campaignId: campaign.id, postId: post.id };
}

export async function makeApplication(
  db: TestDatabase,
  campaign: { campaignId: string; postId: string },
  candidateId: string,
  status: 'submitted' | 'approved' | 'rejected' | 'withdrawn' = 'approved',
): Promise<string> {
  return insertApplication(db, { ...campaign, candidateId, status });
}

export const minutesFromNow = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

export function api(app: INestApplication) {
  const server = app.getHttpServer();
  return {
    get: (path: string, token?: string) => {
      const call = request(server).get(`/api${path}`);
      return token ? call.set('Authorization', `Bearer ${token}`) : call;
    },
    post: (path: string, body: object | string | undefined, token?: string) => {
      const call = request(server).post(`/api${path}`);
      if (token) call.set('Authorization', `Bearer ${token}`);
      if (typeof body === 'string') call.set('Content-Type', 'application/json');
      return body === undefined ? call : call.send(body);
    },
    patch: (path: string, body: object | string, token?: string) => {
      const call = request(server).patch(`/api${path}`);
      if (token) call.set('Authorization', `Bearer ${token}`);
      if (typeof body === 'string') call.set('Content-Type', 'application/json');
      return call.send(body);
    },
  };
}
