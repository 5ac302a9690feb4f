import type { JwtService } from '@nestjs/jwt';
import type { RoomRole, RoomTokenClaims } from '@yunzhao/contracts';

/**
 * A room pass for a benchmark client, signed as the api signs one (same claims and issuer), so
 * the media node admits it without the api issuing and auditing a pass per synthetic client.
 */
export function benchRoomToken(
  jwt: JwtService,
  sessionId: string,
  person: { id: string; role: RoomRole },
): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: RoomTokenClaims = {
    typ: 'room',
    sub: person.id,
    sid: sessionId,
    role: person.role,
    name: person.role,
    device: 'main',
    windowStart: now - 600,
    windowEnd: now + 86_400,
  };
  return jwt.sign(claims, { issuer: 'yunzhao', expiresIn: 3600 });
}
