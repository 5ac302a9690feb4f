import { apiFetch } from '../../api';
import type { RoomDevice, RoomRole } from '../../../../../libs/contracts/src/room-token';

/** What a page needs to enter a room: the api-issued room token and where the media node is. */
export interface RoomAccess {
  token: string;
  mediaUrl: string;
  sessionId: string;
  /**
   * Asks the api for a fresh pass. Room tokens live minutes, interviews longer:
   * a socket that reconnects late in a session needs a live one.
   */
  renew?: () => Promise<RoomAccess>;
}

export interface RoomTokenView {
  token: string;
  mediaUrl: string;
  expiresAt: string;
}

/** The parts of a room token the page shows (the media node verifies the real thing). */
export interface VisibleClaims {
  sid: string;
  role: RoomRole;
  device: RoomDevice;
  name: string;
  mock: boolean;
}

function payloadOf(token: string): unknown {
  const part = token.split('.')[1] ?? '';
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  );
  return JSON.parse(json);
}

export function readClaims(token: string): VisibleClaims | null {
  try {
    const claims = payloadOf(token) as Partial<VisibleClaims> & { mock?: boolean };
    if (!claims.sid || !claims.role || !claims.device) return null;
    return {
      sid: claims.sid,
      role: claims.role,
      device: claims.device,
      name: claims.name ?? '',
      mock: claims.mock === true,
    };
  } catch {
    return null;
  }
}

function toAccess(view: RoomTokenView): RoomAccess {
  const claims = readClaims(view.token);
  if (!claims) throw new Error('invalid room token');
  return { token: view.token, mediaUrl: view.mediaUrl, sessionId: claims.sid };
}

/** The caller's pass for a scheduled session, issued by the api inside the join window. */
export async function sessionRoomAccess(sessionId: string): Promise<RoomAccess> {
  const view = await apiFetch<RoomTokenView>(
    `/sessions/${encodeURIComponent(sessionId)}/room-token`,
    { method: 'POST', body: { device: 'main' } },
  );
  return { ...toAccess(view), renew: () => sessionRoomAccess(sessionId) };
}

export async function mockRoomAccess(): Promise<RoomAccess> {
  const view = await apiFetch<RoomTokenView>('/mock-interview/room-token', {
    method: 'POST',
    body: { device: 'main' },
  });
  return { ...toAccess(view), renew: mockRoomAccess };
}

export interface TrainerRoomAccess extends RoomAccess {
  candidateUserId: string;
  candidateName: string;
}

/** Training staff (HR, admin): a pass to one candidate's mock room, playing the panel. */
export async function trainerRoomAccess(candidate: string): Promise<TrainerRoomAccess> {
  const view = await apiFetch<RoomTokenView & { candidateUserId: string; candidateName: string }>(
    '/mock-interview/trainer-token',
    { method: 'POST', body: { candidate } },
  );
  return {
    ...toAccess(view),
    candidateUserId: view.candidateUserId,
    candidateName: view.candidateName,
    renew: () => trainerRoomAccess(candidate),
  };
}

/**
 * The phone has no login: its one-time code is traded for the candidate's `side` pass, which
 * lasts until the session closes and is traded for a fresh one on reconnection (the fresh one
 * names the media node holding the session now).
 */
export async function sideCameraAccess(code: string | null): Promise<RoomAccess> {
  if (!code) throw new Error('missing code');
  const view = await apiFetch<RoomTokenView>('/side-camera/redeem', {
    method: 'POST',
    body: { code },
    auth: false,
  });
  const renew = async () =>
    toAccess(
      await apiFetch<RoomTokenView>('/side-camera/renew', {
        method: 'POST',
        body: { token: view.token },
        auth: false,
      }),
    );
  return { ...toAccess(view), renew };
}

export interface SideCameraLinkView {
  code: string;
  url: string;
  expiresAt: string;
}

export function createSideCameraLink(sessionId: string): Promise<SideCameraLinkView> {
  return apiFetch<SideCameraLinkView>(
    `/sessions/${encodeURIComponent(sessionId)}/side-camera-link`,
    { method: 'POST' },
  );
}
