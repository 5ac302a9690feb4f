import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';

/**
 * The navigation table: one entry per page, with the roles that may see it.
 * Features register their page here by setting `page` (e.g. `page: lazy(() => import(...))`);
 * entries without a page render the "coming soon" placeholder.
 */

export const ROLES = [
  'candidate',
  'examiner',
  'chief_examiner',
  'score_clerk',
  'proctor',
  'supervisor',
  'question_admin',
  'hr',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return ROLES.some((role) => role === value);
}

export const ROLE_LABELS: Record<Role, MessageKey> = {
  candidate: 'role.candidate',
  examiner: 'role.examiner',
  chief_examiner: 'role.chief_examiner',
  score_clerk: 'role.score_clerk',
  proctor: 'role.proctor',
  supervisor: 'role.supervisor',
  question_admin: 'role.question_admin',
  hr: 'role.hr',
  admin: 'role.admin',
};

export interface PageProps {
  entry: NavEntry;
  /** The full current path (may be below `entry.path`, e.g. /sessions/42). */
  path: string;
}

export interface NavEntry {
  path: string;
  label: MessageKey;
  description: MessageKey;
  roles: readonly Role[];
  page?: ComponentType<PageProps>;
}

const PANEL: readonly Role[] = ['examiner', 'chief_examiner', 'score_clerk'];

export const NAV_ENTRIES: readonly NavEntry[] = [
  // candidate
  {
    path: '/applications',
    label: 'nav.applications',
    description: 'nav.applications.desc',
    roles: ['candidate'],
  },
  {
    path: '/device-check',
    label: 'nav.deviceCheck',
    description: 'nav.deviceCheck.desc',
    roles: ['candidate'],
  },
  {
    path: '/mock-interview',
    label: 'nav.mockInterview',
    description: 'nav.mockInterview.desc',
    roles: ['candidate'],
  },
  {
    path: '/interviews',
    label: 'nav.interviews',
    description: 'nav.interviews.desc',
    roles: ['candidate'],
  },
  // interview panel
  { path: '/schedule', label: 'nav.schedule', description: 'nav.schedule.desc', roles: PANEL },
  { path: '/scoring', label: 'nav.scoring', description: 'nav.scoring.desc', roles: PANEL },
  { path: '/chief', label: 'nav.chief', description: 'nav.chief.desc', roles: ['chief_examiner'] },
  // proctor
  {
    path: '/waiting-room',
    label: 'nav.waitingRoom',
    description: 'nav.waitingRoom.desc',
    roles: ['proctor'],
  },
  // supervisor
  {
    path: '/supervision',
    label: 'nav.supervision',
    description: 'nav.supervision.desc',
    roles: ['supervisor'],
  },
  {
    path: '/recordings',
    label: 'nav.recordings',
    description: 'nav.recordings.desc',
    roles: ['supervisor'],
  },
  {
    path: '/audit',
    label: 'nav.audit',
    description: 'nav.audit.desc',
    roles: ['supervisor', 'admin'],
  },
  // question bank
  {
    path: '/question-bank',
    label: 'nav.questionBank',
    description: 'nav.questionBank.desc',
    roles: ['question_admin'],
  },
  // HR
  { path: '/campaigns', label: 'nav.campaigns', description: 'nav.campaigns.desc', roles: ['hr'] },
  { path: '/review', label: 'nav.review', description: 'nav.review.desc', roles: ['hr'] },
  { path: '/sessions', label: 'nav.sessions', description: 'nav.sessions.desc', roles: ['hr'] },
  { path: '/results', label: 'nav.results', description: 'nav.results.desc', roles: ['hr'] },
  { path: '/matching', label: 'nav.matching', description: 'nav.matching.desc', roles: ['hr'] },
  // admin
  {
    path: '/admin/users',
    label: 'nav.adminUsers',
    description: 'nav.adminUsers.desc',
    roles: ['admin'],
  },
];

export function canAccess(entry: NavEntry, roles: readonly string[]): boolean {
  return entry.roles.some((role) => roles.includes(role));
}

/** Entries visible to a user: the union over all of their roles, in table order. */
export function navEntriesFor(roles: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => canAccess(entry, roles));
}

/** The entry owning a path: exact match or a sub-path (/sessions/42 → /sessions). */
export function findNavEntry(path: string): NavEntry | undefined {
  return NAV_ENTRIES.filter((e) => path === e.path || path.startsWith(`${e.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}
