import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_ADMIN } from './config';

export async function login(
  app: INestApplication,
  username = TEST_ADMIN.username,
  password = TEST_ADMIN.password,
) {
  const response = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ username, password })
    .expect(200);
  return response.body as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; roles: string[] };
  };
}

/** Creates a user through the admin API and returns their access token. */
export async function createUserAndLogin(
  app: INestApplication,
  adminToken: string,
  username: string,
  roles: string[],
) {
  const password = `${username}-password-1`;
  await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ username, displayName: username, password, roles })
    .expect(201);
  return login(app, username, password);
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
  refreshToken: string;
}

/** Creates a user through the admin API and returns who they are with their tokens. */
export async function makeUser(
  app: INestApplication,
  adminToken: string,
  username: string,
  roles: string[],
): Promise<TestUser> {
  const session = await createUserAndLogin(app, adminToken, username, roles);
  return {
    id: session.user.id,
    username,
    token: session.accessToken,
    refreshToken: session.refreshToken,
  };
}
