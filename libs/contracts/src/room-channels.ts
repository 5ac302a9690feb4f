import type { RoomRole } from './room-token';

/**
 * socket.io rooms ("channels") a media node puts each room socket in, so any
 * process can reach an audience through the Redis adapter/emitter:
 * `emitter.to(roomChannels.panel(sid)).emit(...)`.
 */
export const roomChannels = {
  /** Everyone in the session (candidates, panel, proctors, supervisors). */
  all: (sessionId: string) => `session:${sessionId}`,
  /** Chief examiner, examiners and the score clerk. */
  panel: (sessionId: string) => `session:${sessionId}:panel`,
  /** Supervisors only. */
  supervisors: (sessionId: string) => `session:${sessionId}:supervisors`,
  /** Every candidate's connections: scores are never announced to the other candidates. */
  candidates: (sessionId: string) => `session:${sessionId}:candidates`,
  /** One candidate's connections (main and side camera). */
  candidate: (sessionId: string, userId: string) => `session:${sessionId}:candidate:${userId}`,
  /** One user's connections, whatever their role. */
  user: (sessionId: string, userId: string) => `session:${sessionId}:user:${userId}`,
  /** Listen-only connections of staff (panel, supervisors, proctors): they get the turn state. */
  staffListeners: (sessionId: string) => `session:${sessionId}:listeners:staff`,
};

/** The channels a socket with this role joins when it is admitted. */
export function channelsFor(sessionId: string, userId: string, role: RoomRole): string[] {
  const channels = [roomChannels.all(sessionId), roomChannels.user(sessionId, userId)];
  if (role === 'chief_examiner' || role === 'examiner' || role === 'score_clerk')
    channels.push(roomChannels.panel(sessionId));
  if (role === 'supervisor') channels.push(roomChannels.supervisors(sessionId));
  if (role === 'candidate')
    channels.push(roomChannels.candidates(sessionId), roomChannels.candidate(sessionId, userId));
  return channels;
}
