import { ROOM_ROLES, RoomConnectionMode, RoomErrorCode, RoomTokenClaims } from '@yunzhao/contracts';
import { isWithinWindow } from '../rooms/room-rules';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isShortString = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** The claims of a verified JWT if it is a well-formed room token, else null. */
export function readRoomClaims(payload: unknown): RoomTokenClaims | null {
  if (!isRecord(payload) || payload.typ !== 'room') return null;
  const { sub, sid, role, name, slot, device, windowStart, windowEnd, mock } = payload;
  if (!isShortString(sub, 64) || !isShortString(sid, 64) || !isShortString(name)) return null;
  if (!ROOM_ROLES.some((r) => r === role)) return null;
  if (device !== 'main' && device !== 'side') return null;
  // Only a candidate has a second (side) camera.
  if (device === 'side' && role !== 'candidate') return null;
  if (typeof windowStart !== 'number' || typeof windowEnd !== 'number') return null;
  if (slot !== undefined && (typeof slot !== 'number' || !Number.isInteger(slot))) return null;
  if (mock !== undefined && typeof mock !== 'boolean') return null;
  // A mock room is a rehearsal room of its own (`mock-<candidate>`): a candidate and, when
  // training staff join, the trainer playing the chief. It never shares an id with a session.
  const isMock = mock === true;
  if (isMock !== sid.startsWith('mock-')) return null;
  if (isMock && role !== 'candidate' && role !== 'chief_examiner') return null;
  return {
    typ: 'room',
    sub,
    sid,
    role: role as RoomTokenClaims['role'],
    name,
    device,
    windowStart,
    windowEnd,
    ...(slot === undefined ? {} : { slot }),
    ...(mock === undefined ? {} : { mock }),
  };
}

/**
 * Closed management at the door: a room token, for the session asked for,
 * inside its window. Returns the refusal code, or null to admit.
 */
export function admissionRefusal(
  claims: RoomTokenClaims | null,
  requestedSessionId: unknown,
  nowSeconds: number,
  earlySeconds?: number,
): RoomErrorCode | null {
  if (!claims) return 'ROOM_TOKEN_INVALID';
  if (requestedSessionId !== claims.sid) return 'ROOM_WRONG_SESSION';
  if (!isWithinWindow(nowSeconds, claims.windowStart, claims.windowEnd, earlySeconds))
    return 'ROOM_OUTSIDE_WINDOW';
  return null;
}

/** The handshake's `auth.mode`: a peer unless it asks to listen; null for anything else. */
export function readConnectionMode(value: unknown): RoomConnectionMode | null {
  if (value === undefined || value === 'peer') return 'peer';
  if (value === 'listen') return 'listen';
  return null;
}

/** Longest delay a Node timer takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How long until a token with this `exp` (epoch seconds) expires, for the
 * timer that cuts its socket; null when it has no expiry the timer can hold.
 */
export function expiryDelayMs(exp: number | undefined, nowMs: number): number | null {
  if (exp === undefined || !Number.isFinite(exp)) return null;
  const delay = Math.max(0, exp * 1000 - nowMs);
  return delay > MAX_TIMER_MS ? null : delay;
}
