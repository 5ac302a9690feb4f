// Pure scheduling rules: no Nest, TypeORM or I/O, so they are unit-tested on their own.
import type { Role } from '@yunzhao/contracts';

/** A person's part in one session, other than being interviewed. */
export const STAFF_ROLES = [
  'chief_examiner',
  'examiner',
  'score_clerk',
  'supervisor',
  'proctor',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The global roles that qualify a user for each assignment. */
export const QUALIFYING_ROLES: Record<StaffRole, readonly Role[]> = {
  chief_examiner: ['chief_examiner'],
  examiner: ['examiner', 'chief_examiner'],
  score_clerk: ['score_clerk'],
  supervisor: ['supervisor'],
  proctor: ['proctor'],
};

/** Assignments whose holders score candidates (and can therefore be recused). */
export const SCORING_ROLES: readonly StaffRole[] = ['chief_examiner', 'examiner'];

export const RECUSAL_REASONS = ['same_institution', 'relative', 'other'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

/**
 * The panel counts the chief examiner: 主考官 is one of the 考官 and scores too. Civil-service
 * practice is "5–9 examiners, an odd number, one of them the chief"; we accept any odd size from
 * 3 (small campaigns) to 15, so the highest/lowest-dropping aggregate always has a middle.
 */
export const PANEL_MIN_SIZE = 3;
export const PANEL_MAX_SIZE = 15;

/** Minutes after the scheduled end during which the room can still be joined. */
export const ROOM_LATE_JOIN_MINUTES = 30;

export interface PanelInput {
  chiefExaminerId: string;
  examinerIds: readonly string[];
  scoreClerkId?: string | null;
  supervisorIds: readonly string[];
  proctorIds?: readonly string[];
}

export interface Assignment {
  userId: string;
  role: StaffRole;
}

/** Panel size including the chief; undefined when it is acceptable. */
export function panelSizeProblem(examinerCount: number): { panelSize: number } | undefined {
  const panelSize = examinerCount + 1;
  const ok = panelSize % 2 === 1 && panelSize >= PANEL_MIN_SIZE && panelSize <= PANEL_MAX_SIZE;
  return ok ? undefined : { panelSize };
}

export function assignmentsOf(panel: PanelInput): Assignment[] {
  return [
    { userId: panel.chiefExaminerId, role: 'chief_examiner' as const },
    ...panel.examinerIds.map((userId) => ({ userId, role: 'examiner' as const })),
    ...(panel.scoreClerkId ? [{ userId: panel.scoreClerkId, role: 'score_clerk' as const }] : []),
    ...panel.supervisorIds.map((userId) => ({ userId, role: 'supervisor' as const })),
    ...(panel.proctorIds ?? []).map((userId) => ({ userId, role: 'proctor' as const })),
  ];
}

/** User ids that appear in more than one assignment (one person, one part). */
export function repeatedUserIds(assignments: readonly Assignment[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { userId } of assignments) {
    if (seen.has(userId)) repeated.add(userId);
    seen.add(userId);
  }
  return [...repeated];
}

export function isQualified(role: StaffRole, globalRoles: readonly string[]): boolean {
  return QUALIFYING_ROLES[role].some((qualifying) => globalRoles.includes(qualifying));
}

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

/** When the room admits people: from `earlyMinutes` before the start to 30 min after the end. */
export function joinWindow(startsAt: Date, endsAt: Date, earlyMinutes: number): JoinWindow {
  return {
    opensAt: new Date(startsAt.getTime() - earlyMinutes * 60_000),
    closesAt: new Date(endsAt.getTime() + ROOM_LATE_JOIN_MINUTES * 60_000),
  };
}

export function isInsideWindow(now: Date, window: JoinWindow): boolean {
  return now >= window.opensAt && now <= window.closesAt;
}

/** Room token expiry (epoch seconds): short-lived, and never past the room's last admission. */
export function roomTokenExpiry(nowSeconds: number, ttlSeconds: number, windowEndSeconds: number) {
  return Math.min(nowSeconds + ttlSeconds, windowEndSeconds + ROOM_LATE_JOIN_MINUTES * 60);
}

/** 1-based positions from a drawn order of application ids. */
export function positionsFromOrder(order: readonly string[]): Map<string, number> {
  return new Map(order.map((applicationId, index) => [applicationId, index + 1]));
}
