/**
 * Global roles. A person's part in one interview session (chief of session X,
 * examiner of session Y) is an assignment on that session, not a role here.
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
