// Who may see or run what in a session, from global roles plus the person's assignment.
import type { AuthUser } from '@yunzhao/core';
import type { StaffRole } from './session-rules';

/** Organisers see and manage every session. */
export const isOrganiser = (user: AuthUser) =>
  user.roles.includes('hr') || user.roles.includes('admin');

/** Organisers and supervisors (who oversee every session) may read any session. */
export const canReadAnySession = (user: AuthUser) =>
  isOrganiser(user) || user.roles.includes('supervisor');

/** A person's part in one session, as the room and the schedule see it. */
export type SessionPart = { kind: 'staff'; role: StaffRole } | { kind: 'candidate'; slot: number };
