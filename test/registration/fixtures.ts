import type { INestApplication } from '@nestjs/common';
import { idNumberCheckCharacter } from '@yunzhao/domain';
import request from 'supertest';
import { login } from '../support/http';

/** A valid GB 11643 number for a Liaocheng-born person; `sequence` 3 digits (odd = male). */
export function idNumber(birth: string, sequence: string): string {
  const first17 = `371502${birth}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The first bytes of a Linux executable. */
export const ELF_BYTES = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(64),
]);

export const PASSWORD = 'candidate-pass-123';

export interface Candidate {
  token: string;
  id: string;
}

/** Registers with a phone number or email and logs in with it. */
export async function registerCandidate(
  app: INestApplication,
  account: string,
): Promise<Candidate> {
  await request(app.getHttpServer())
    .post('/api/registration')
    .send({ account, password: PASSWORD })
    .expect(201);
  const session = await login(app, account, PASSWORD);
  return { token: session.accessToken, id: session.user.id };
}

export function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}
