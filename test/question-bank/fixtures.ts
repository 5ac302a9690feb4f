// Fixtures for the question bank and question draw tests: a campaign with the categories of
// docs/examples/question-bank.json, applications written straight into issue 3's tables.
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { insertApplication } from '../support/applications';
import type { TestDatabase } from '../support/database';
import { makeUser } from '../support/http';
import type { TestUser } from '../support/http';

export const EXAMPLE_PATH = path.resolve(
  __dirname,
  '..',
  '..',
  'docs',
  'examples',
  'question-bank.json',
);
export const exampleBank = () =>
  JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as {
    sets: {
      code: string;
      categoryCode: string;
      title: string;
      questions: { text: string; guidance: { referencePoints: string[] } }[];
    }[];
  };

/** Every secret string of the example: question texts and scoring reference points. */
export function secretTexts(): string[] {
  return exampleBank().sets.flatMap((set) =>
    set.questions.flatMap((q) => [q.text, ...q.guidance.referencePoints]),
  );
}

export { makeUser };
export type { TestUser };

/** A campaign with categories 08 (工学) and 02 (经济学), one post in each. */
export async function makeCampaign(db: TestDatabase) {
  const [campaign] = await db.query<{ id: string }>(
    `INSERT INTO campaigns (name, registration_opens_at, registration_closes_at, status, eligibility_rule)
     VALUES ('题库测试', now() - interval '30 days', now() - interval '1 day', 'closed',
             '{"anyOf":[{"degree":"phd"}]}'::jsonb)
     RETURNING id`,
  );
  const posts: Record<string, string> = {};
  for (const [code, nameZh, nameEn] of [
    ['08', '工学', 'Engineering'],
    ['02', '经济学', 'Economics'],
  ]) {
    const [category] = await db.query<{ id: string }>(
      `INSERT INTO campaign_categories (campaign_id, code, name_zh, name_en)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [campaign.id, code, nameZh, nameEn],
    );
    const [post] = await db.query<{ id: string }>(
      `INSERT INTO posts (campaign_id, category_id, code, title, quota)
       VALUES ($1, $2, $3, $4, 10) RETURNING id`,
      [campaign.id, category.id, `P-${code}`, `${nameZh}岗位`],
    );
    posts[code] = post.id;
  }
  return { campaignId: campaign.id, posts };
}

export async function makeApplication(
  db: TestDatabase,
  campaignId: string,
  postId: string,
  candidateId: string,
): Promise<string> {
  return insertApplication(db, { campaignId, postId, candidateId });
}

export const hoursFromNow = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString();

export function api(app: INestApplication) {
  const server = app.getHttpServer();
  const auth = <T extends request.Test>(call: T, token?: string, locale?: string): T => {
    if (token) call.set('Authorization', `Bearer ${token}`);
    if (locale) call.set('Accept-Language', locale);
    return call;
  };
  return {
    get: (url: string, token?: string, locale?: string) =>
      auth(request(server).get(`/api${url}`), token, locale),
    post: (url: string, body: object | string | undefined, token?: string, locale?: string) => {
      const call = auth(request(server).post(`/api${url}`), token, locale);
      if (typeof body === 'string') call.set('Content-Type', 'application/json');
      return body === undefined ? call : call.send(body);
    },
    delete: (url: string, token?: string) => auth(request(server).delete(`/api${url}`), token),
    upload: (url: string, bytes: Buffer, fileName: string, token?: string) =>
      auth(request(server).post(`/api${url}`), token).attach('file', bytes, fileName),
  };
}
