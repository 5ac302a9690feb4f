/**
 * The short-lived token that admits one person to one interview session's
 * room. The api issues it (HS256, JWT_SECRET, issuer 'yunzhao'); the media
 * node accepts nothing else. Closed management: no token, no entry.
 */
export const ROOM_ROLES = [
  'candidate',
  'chief_examiner',
  'examiner',
  'score_clerk',
  'supervisor',
  'proctor',
] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];

/** Which of the candidate's cameras a connection carries (双机位). */
export type RoomDevice = 'main' | 'side';

export interface RoomTokenClaims {
  typ: 'room';
  /** User id. */
  sub: string;
  /** Interview session id. */
  sid: string;
  role: RoomRole;
  /** Shown to others in the room (the supervisor is never shown to the candidate). */
  name: string;
  /** The candidate's slot in the session (1-based interview order), candidates only. */
  slot?: number;
  device: RoomDevice;
  /** Session window, epoch seconds: the media node refuses joins outside [start - early, end + late]. */
  windowStart: number;
  windowEnd: number;
  /** Mock interview rooms: a candidate alone with scripted questions, nothing recorded as evidence. */
  mock?: boolean;
}
