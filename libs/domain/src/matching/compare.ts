import type { MatchAlgorithm, MatchResult } from './types';

export interface MatchSummary {
  algorithm: MatchAlgorithm;
  assigned: number;
  unassigned: number;
  totalChoice: number;
  /** totalChoice / assigned, or null when nobody is assigned. */
  averageChoice: number | null;
}

export interface MatchComparison {
  a: MatchSummary;
  b: MatchSummary;
  /** One row per choice number 1..max over both results: how many hires got that choice. */
  byChoice: { choice: number; a: number; b: number }[];
  /** Hires whose outcome (position, or being unassigned) differs between the two results. */
  differing: number;
}

function summary(result: MatchResult): MatchSummary {
  return {
    algorithm: result.algorithm,
    assigned: result.assignments.length,
    unassigned: result.unassigned.length,
    totalChoice: result.assignments.reduce((sum, x) => sum + x.choice, 0),
    averageChoice:
      result.assignments.length === 0
        ? null
        : result.assignments.reduce((sum, x) => sum + x.choice, 0) / result.assignments.length,
  };
}

/**
 * Per-choice counts of two results side by side (e.g. serial vs optimal on the same input), for
 * HR's comparison chart: how many hires got their 1st, 2nd, ... choice under each.
 */
export function compareMatchings(a: MatchResult, b: MatchResult): MatchComparison {
  let max = 0;
  for (const x of [...a.assignments, ...b.assignments]) max = Math.max(max, x.choice);
  const byChoice = Array.from({ length: max }, (_, i) => ({ choice: i + 1, a: 0, b: 0 }));
  for (const x of a.assignments) byChoice[x.choice - 1].a++;
  for (const x of b.assignments) byChoice[x.choice - 1].b++;

  const outcome = (result: MatchResult): Map<string, string | null> => {
    const map = new Map<string, string | null>();
    for (const x of result.assignments) map.set(x.hire, x.position);
    for (const id of result.unassigned) map.set(id, null);
    return map;
  };
  const outA = outcome(a);
  const outB = outcome(b);
  let differing = 0;
  for (const id of new Set([...outA.keys(), ...outB.keys()])) {
    if (outA.get(id) !== outB.get(id)) differing++;
  }
  return { a: summary(a), b: summary(b), byChoice, differing };
}
