import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';

/**
 * The navigation table: one entry per page, with the roles that may see it.
 * Every entry names its page (e.g. `page: lazy(() => import(...))`): nothing in the menu is a
 * placeholder.
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
  page: ComponentType<PageProps>;
  /** Reached by link only (e.g. /room/:sessionId), not listed in the menu. */
  hidden?: boolean;
}

const PANEL: readonly Role[] = ['examiner', 'chief_examiner', 'score_clerk'];

export const NAV_ENTRIES: readonly NavEntry[] = [
  // candidate
  {
    path: '/profile',
    label: 'nav.profile',
    description: 'nav.profile.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/profile')),
  },
  {
    path: '/applications',
    label: 'nav.applications',
    description: 'nav.applications.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/applications')),
  },
  {
    path: '/device-check',
    label: 'nav.deviceCheck',
    description: 'nav.deviceCheck.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/device-check')),
  },
  {
    path: '/mock-interview',
    label: 'nav.mockInterview',
    description: 'nav.mockInterview.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/mock-interview')),
  },
  {
    path: '/mock-training',
    label: 'nav.mockTraining',
    description: 'nav.mockTraining.desc',
    // Training staff: HR officers (and admins) run candidates' mock interviews as the panel.
    roles: ['hr', 'admin'],
    page: lazy(() => import('./features/mock-interview/trainer')),
  },
  {
    path: '/room',
    label: 'nav.room',
    description: 'nav.room.desc',
    roles: ['candidate', 'chief_examiner', 'examiner', 'score_clerk', 'proctor', 'supervisor'],
    page: lazy(() => import('./features/room')),
    hidden: true,
  },
  {
    path: '/my-position',
    label: 'nav.myPosition',
    description: 'nav.myPosition.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/matching/MyPositionPage')),
  },
  {
    path: '/interviews',
    label: 'nav.interviews',
    description: 'nav.interviews.desc',
    roles: ['candidate'],
    page: lazy(() => import('./features/schedule')),
  },
  // interview panel
  {
    path: '/schedule',
    label: 'nav.schedule',
    description: 'nav.schedule.desc',
    // Everyone who works in a session: the panel, supervisors and waiting-room staff.
    roles: [...PANEL, 'supervisor', 'proctor'],
    page: lazy(() => import('./features/schedule')),
  },
  {
    path: '/conflicts',
    label: 'nav.conflicts',
    description: 'nav.conflicts.desc',
    roles: ['chief_examiner', 'examiner'],
    page: lazy(() => import('./features/conflicts')),
  },
  {
    path: '/scoring',
    label: 'nav.scoring',
    description: 'nav.scoring.desc',
    roles: [...PANEL, 'supervisor'],
    page: lazy(() => import('./features/scoring')),
  },
  {
    path: '/score-live',
    label: 'nav.scoring',
    description: 'nav.scoring.desc',
    roles: ['candidate', ...PANEL, 'supervisor'],
    page: lazy(() => import('./features/scoring/live')),
    hidden: true,
  },
  // supervisor
  {
    path: '/recordings',
    label: 'nav.recordings',
    description: 'nav.recordings.desc',
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./features/recordings')),
  },
  {
    path: '/audit',
    label: 'nav.audit',
    description: 'nav.audit.desc',
    roles: ['supervisor', 'admin'],
    page: lazy(() => import('./features/audit')),
  },
  // question bank
  {
    path: '/question-bank',
    label: 'nav.questionBank',
    description: 'nav.questionBank.desc',
    roles: ['question_admin', 'hr'],
    page: lazy(() => import('./features/question-bank')),
  },
  {
    path: '/question-draw',
    label: 'nav.questionDraw',
    description: 'nav.questionDraw.desc',
    roles: ['chief_examiner', 'examiner', 'score_clerk', 'supervisor', 'candidate'],
    page: lazy(() => import('./features/draw')),
  },
  // HR
  {
    path: '/campaigns',
    label: 'nav.campaigns',
    description: 'nav.campaigns.desc',
    roles: ['hr'],
    page: lazy(() => import('./features/campaigns')),
  },
  {
    path: '/review',
    label: 'nav.review',
    description: 'nav.review.desc',
    roles: ['hr'],
    page: lazy(() => import('./features/review')),
  },
  {
    path: '/sessions',
    label: 'nav.sessions',
    description: 'nav.sessions.desc',
    roles: ['hr', 'admin'],
    page: lazy(() => import('./features/sessions')),
  },
  {
    path: '/results',
    label: 'nav.results',
    description: 'nav.results.desc',
    roles: ['hr'],
    page: lazy(() => import('./features/results')),
  },
  {
    path: '/matching',
    label: 'nav.matching',
    description: 'nav.matching.desc',
    roles: ['hr'],
    page: lazy(() => import('./features/matching')),
  },
  // admin
  {
    path: '/admin/users',
    label: 'nav.adminUsers',
    description: 'nav.adminUsers.desc',
    roles: ['admin'],
    page: lazy(() => import('./features/admin-users')),
  },
  // everyone
  {
    path: '/notifications',
    label: 'nav.notifications',
    description: 'nav.notifications.desc',
    roles: ROLES,
    page: lazy(() => import('./features/notifications')),
  },
];

export function canAccess(entry: NavEntry, roles: readonly string[]): boolean {
  return entry.roles.some((role) => roles.includes(role));
}

/** Entries visible to a user: the union over all of their roles, in table order. */
export function navEntriesFor(roles: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => !entry.hidden && canAccess(entry, roles));
}

/** The entry owning a path: exact match or a sub-path (/sessions/42 → /sessions). */
export function findNavEntry(path: string): NavEntry | undefined {
  return NAV_ENTRIES.filter((e) => path === e.path || path.startsWith(`${e.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}
