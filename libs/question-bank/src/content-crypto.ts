// AES-256-GCM boxes for question content at rest. A box is
// version(1) ‖ iv(12) ‖ tag(16) ‖ ciphertext; the set id is bound in as additional data so a
// box copied onto another row does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isQuestionBankKey } from '@yunzhao/config';

const BOX_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** HKDF label of the development key; distinct from every other use of JWT_SECRET. */
export const QUESTION_BANK_KEY_LABEL = 'yunzhao/question-bank/aes-256-gcm/v1';

export class ContentBoxError extends Error {}

/** QUESTION_BANK_KEY when set (64 hex or base64 of 32 bytes), else HKDF-SHA256 of JWT_SECRET. */
export function questionBankKey(configuredKey: string | undefined, jwtSecret: string): Buffer {
  if (configuredKey !== undefined) {
    if (!isQuestionBankKey(configuredKey)) throw new ContentBoxError('bad question bank key');
    return /^[0-9a-fA-F]{64}$/.test(configuredKey)
      ? Buffer.from(configuredKey, 'hex')
      : Buffer.from(configuredKey, 'base64');
  }
  return Buffer.from(hkdfSync('sha256', jwtSecret, Buffer.alloc(0), QUESTION_BANK_KEY_LABEL, 32));
}

const aadFor = (setId: string) => Buffer.from(`question_set:${setId}`, 'utf8');

export function sealContent(key: Buffer, setId: string, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadFor(setId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([BOX_VERSION]), iv, cipher.getAuthTag(), body]);
}

export function openContent(key: Buffer, setId: string, box: Buffer): string {
  if (box.length < 1 + IV_BYTES + TAG_BYTES || box[0] !== BOX_VERSION) {
    throw new ContentBoxError('not a question content box');
  }
  const iv = box.subarray(1, 1 + IV_BYTES);
  const tag = box.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aadFor(setId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(box.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new ContentBoxError('question content does not authenticate (wrong key or altered)');
  }
}
