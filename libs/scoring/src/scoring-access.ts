// Who may do what with scores in one session, from the person's assignment on that session.
import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, AuthUser } from '@yunzhao/core';
import type { StaffRole } from '@yunzhao/sessions';

/** The chief examiner scores too (主考官 is one of the 考官). */
export const MARKING_ROLES: readonly StaffRole[] = ['chief_examiner', 'examiner'];
/** Who checks the panel's marks before publication (and sees them). */
export const CHECKING_ROLES: readonly StaffRole[] = ['chief_examiner', 'score_clerk'];
/** Whose room page lists the published scores (a candidate: their own); not proctors. */
export const ROOM_FEED_PARTS: readonly ScoringPart[] = [
  'chief_examiner',
  'examiner',
  'score_clerk',
  'supervisor',
  'candidate',
];

export const isOrganiser = (user: AuthUser) =>
  user.roles.includes('hr') || user.roles.includes('admin');

export const forbidden = () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
export const notFound = () => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);

/** A person's part in the session as scoring sees it. */
export type ScoringPart = StaffRole | 'candidate' | null;

/** Before publication only the checkers (and supervisors, who oversee) see anybody's marks. */
export function maySeePanelMarks(part: ScoringPart, published: boolean): boolean {
  if (part === 'chief_examiner' || part === 'score_clerk' || part === 'supervisor') return true;
  return published && part === 'examiner';
}
