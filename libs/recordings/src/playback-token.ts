import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a playback grant allows: one user, one segment, until `exp` (ms since epoch). */
export interface PlaybackClaims {
  segmentId: string;
  userId: string;
  exp: number;
}

const keyOf = (secret: string) =>
  createHmac('sha256', secret).update('yunzhao:recording-playback:v1').digest();

const mac = (secret: string, payload: string) =>
  createHmac('sha256', keyOf(secret)).update(payload).digest('base64url');

/** `<payload>.<HMAC>`, URL-safe; the key is derived from JWT_SECRET for this one purpose. */
export function signPlayback(secret: string, claims: PlaybackClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ s: claims.segmentId, u: claims.userId, e: claims.exp }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claims of a genuine, unexpired grant; null for anything else. */
export function verifyPlayback(
  secret: string,
  token: string,
  now = Date.now(),
): PlaybackClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      s?: unknown;
      u?: unknown;
      e?: unknown;
    };
    if (
      typeof decoded.s !== 'string' ||
      typeof decoded.u !== 'string' ||
      typeof decoded.e !== 'number'
    )
      return null;
    if (decoded.e <= now) return null;
    return { segmentId: decoded.s, userId: decoded.u, exp: decoded.e };
  } catch {
    return null;
  }
}
