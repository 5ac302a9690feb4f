// Matching hires to positions by discipline and preference (issue 8). Pure and deterministic.
export * from './types';
export { MatchInputError, parseMatchInput, prepareMatching, compareHirePriority } from './input';
export type { PreparedMatching, PreparedHire } from './input';
export { runMatching, matchSerial, matchOptimal } from './match';
export { explainAssignment, ordinalEn } from './explain';
export type { MatchLocale, ExplainOptions } from './explain';
export { compareMatchings } from './compare';
export type { MatchComparison, MatchSummary } from './compare';
export { rematchAffected } from './rematch';
export type { RematchResult } from './rematch';
export { solveMinCostAssignment } from './min-cost-flow';
export type { AssignmentProblem, AssignmentSolution } from './min-cost-flow';
