// One campaign with two interview sessions and a person in every part, shared by the security
// tests: the "main" session's people, and the "other" session's people (who must not reach
// the main session's objects). Campaigns and applications are written straight to the tables
// (as the scheduling tests do); sessions are created through the API.
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { insertSegment, makeWebm } from '../recording/archive-fixtures';
import { TINY_PNG } from '../registration/fixtures';
import { api, makeApplication, makeCampaign, minutesFromNow } from '../scoring/fixtures';
import type { TestDatabase } from '../support/database';
import { login, makeUser, TestUser } from '../support/http';

/** Everyone the matrix asks, "anon" sends no token. */
export const WHO = [
  'anon',
  'admin',
  'hr',
  'questionAdmin',
  'chief',
  'examiner',
  'clerk',
  'supervisor',
  'proctor',
  'candidate',
  'otherChief',
  'otherExaminer',
  'otherSupervisor',
  'otherCandidate',
] as const;
export type Who = (typeof WHO)[number];

export interface World {
  campaignId: string;
  categoryCode: string;
  sessionId: string;
  otherSessionId: string;
  applicationId: string;
  documentId: string;
  segmentId: string;
  users: Record<Exclude<Who, 'anon'>, TestUser>;
  recordingDir: string;
  cleanup(): void;
}

export const tokenOf = (world: World, who: Who): string | undefined =>
  who === 'anon' ? undefined : world.users[who].token;

async function createSession(
  app: INestApplication,
  hrToken: string,
  body: Record<string, unknown>,
): Promise<string> {
  const created = await api(app).post('/sessions', body, hrToken);
  if (created.status !== 201)
    throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
  return (created.body as { id: string }).id;
}

export async function buildWorld(
  app: NestExpressApplication,
  db: TestDatabase,
  recordingDir: string,
  tag = 'sec',
): Promise<World> {
  const admin = await login(app);
  const make = (name: string, roles: string[]) =>
    makeUser(app, admin.accessToken, `${tag}_${name}`, roles);
  const users = {
    admin: {
      id: admin.user.id,
      username: 'admin',
      token: admin.accessToken,
      refreshToken: admin.refreshToken,
    },
    hr: await make('hr', ['hr']),
    questionAdmin: await make('qadmin', ['question_admin']),
    chief: await make('chief', ['chief_examiner']),
    examiner: await make('examiner', ['examiner']),
    clerk: await make('clerk', ['score_clerk']),
    supervisor: await make('supervisor', ['supervisor']),
    proctor: await make('proctor', ['proctor']),
    candidate: await make('candidate', ['candidate']),
    otherChief: await make('ochief', ['chief_examiner']),
    otherExaminer: await make('oexaminer', ['examiner']),
    otherSupervisor: await make('osupervisor', ['supervisor']),
    otherCandidate: await make('ocandidate', ['candidate']),
  };
  // Panels need an odd size of at least three: one more examiner each, outside the matrix.
  const examiner2 = await make('examiner2', ['examiner']);
  const otherExaminer2 = await make('oexaminer2', ['examiner']);
  const campaign = await makeCampaign(db, '安全测试招聘');
  const applicationId = await makeApplication(
    db,
    campaign.campaignId,
    campaign.postIds[0],
    users.candidate.id,
  );
  const otherApplicationId = await makeApplication(
    db,
    campaign.campaignId,
    campaign.postIds[1],
    users.otherCandidate.id,
  );
  const common = {
    campaignId: campaign.campaignId,
    categoryCode: '08',
    startsAt: minutesFromNow(-5),
    endsAt: minutesFromNow(60),
  };
  const sessionId = await createSession(app, users.hr.token, {
    ...common,
    title: '安全测试第一场',
    chiefExaminerId: users.chief.id,
    examinerIds: [users.examiner.id, examiner2.id],
    scoreClerkId: users.clerk.id,
    supervisorIds: [users.supervisor.id],
    proctorIds: [users.proctor.id],
    applicationIds: [applicationId],
  });
  const otherSessionId = await createSession(app, users.hr.token, {
    ...common,
    title: '安全测试第二场',
    chiefExaminerId: users.otherChief.id,
    examinerIds: [users.otherExaminer.id, otherExaminer2.id],
    supervisorIds: [users.otherSupervisor.id],
    applicationIds: [otherApplicationId],
  });
  const upload = await request(app.getHttpServer())
    .post('/api/documents')
    .set('Authorization', `Bearer ${users.candidate.token}`)
    .field('kind', 'degree_certificate')
    .attach('file', TINY_PNG, { filename: '学位证.png', contentType: 'image/png' });
  if (upload.status !== 201)
    throw new Error(`document: ${upload.status} ${JSON.stringify(upload.body)}`);
  const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-sec-fixture-'));
  const video = path.join(fixtureDir, 'video.webm');
  await makeWebm(video, 2);
  const segment = await insertSegment(db, recordingDir, video, {
    sessionId,
    userId: users.candidate.id,
    withJob: false,
  });
  return {
    campaignId: campaign.campaignId,
    categoryCode: '08',
    sessionId,
    otherSessionId,
    applicationId,
    documentId: (upload.body as { id: string }).id,
    segmentId: segment.segmentId,
    users,
    recordingDir,
    cleanup: () => fs.rmSync(fixtureDir, { recursive: true, force: true }),
  };
}
