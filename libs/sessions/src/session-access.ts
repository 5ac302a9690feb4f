// Who may see or run what in a session, from global roles plus the person's assignment.
import type { AuthUser } from '@yunzhao/core';
import { maskPhone } from '@yunzhao/domain';
import type { StaffRole } from './session-rules';

/** Organisers see and manage every session. */
export const isOrganiser = (user: AuthUser) =>
  user.roles.includes('hr') || user.roles.includes('admin');

/** Organisers and supervisors (who oversee every session) may read any session. */
export const canReadAnySession = (user: AuthUser) =>
  isOrganiser(user) || user.roles.includes('supervisor');

/** A person's part in one session, as the room and the schedule see it. */
export type SessionPart = { kind: 'staff'; role: StaffRole } | { kind: 'candidate'; slot: number };

/**
 * A candidate's account name as session staff see it: registered candidates sign in with a
 * phone number or an e-mail address, which the panel must not read in full.
 * `13812341234` → `138****1234`, `zhao.yun@example.cn` → `z***@example.cn`; other names unchanged.
 */
export function maskAccount(username: string): string {
  const at = username.lastIndexOf('@');
  if (at > 0) return `${username.slice(0, 1)}***${username.slice(at)}`;
  if (/^\+?\d{7,}$/.test(username)) return maskPhone(username);
  return username;
}
