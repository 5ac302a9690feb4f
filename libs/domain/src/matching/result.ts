import type { PreparedMatching } from './input';
import type {
  MatchAlgorithm,
  MatchAssignment,
  MatchExplanation,
  MatchResult,
  SkippedChoice,
  UnassignedDetail,
} from './types';

/** Outcome per hire (index in prepared.hires): the chosen 1-based choice number, or 0. */
export interface Outcome {
  /** Position index per hire, -1 when unassigned. */
  position: Int32Array;
  /** Choice number per hire, 0 when unassigned. */
  choice: Int32Array;
}

/**
 * Every entry of the hire's list ranked above `upTo` (exclusive; Infinity for all), in list
 * order, with the reason it was not used: ignored entries keep their reason, usable entries
 * were full ("filled") or have no seats at all ("no_places"). In both algorithms a usable entry
 * ranked above the outcome is necessarily full: in serial order it was full on the hire's turn
 * (and seats are never freed), and in an optimum a free seat there would lower the total.
 */
export function skippedChoices(
  prepared: PreparedMatching,
  index: number,
  upTo: number,
): SkippedChoice[] {
  const { validStart, validPosition, validChoice, quota, positionIds } = prepared;
  const { invalid } = prepared.hires[index];
  const skipped: SkippedChoice[] = [];
  let i = validStart[index];
  const end = validStart[index + 1];
  let j = 0;
  while (i < end || j < invalid.length) {
    const takeValid = j >= invalid.length || (i < end && validChoice[i] < invalid[j].choice);
    const choice = takeValid ? validChoice[i] : invalid[j].choice;
    if (choice >= upTo) break;
    if (takeValid) {
      const p = validPosition[i++];
      skipped.push({
        choice,
        position: positionIds[p],
        reason: quota[p] === 0 ? 'no_places' : 'filled',
      });
    } else {
      skipped.push(invalid[j++]);
    }
  }
  return skipped;
}

export function explainOutcome(
  prepared: PreparedMatching,
  algorithm: MatchAlgorithm,
  index: number,
  position: number,
  choice: number,
): MatchExplanation {
  const hire = prepared.hires[index];
  const discipline = hire.discipline;
  if (position >= 0) {
    const skipped = skippedChoices(prepared, index, choice);
    const positionId = prepared.positionIds[position];
    return algorithm === 'serial'
      ? {
          code: 'serial.assigned',
          params: { choice, position: positionId, turn: index + 1, discipline, skipped },
        }
      : { code: 'optimal.assigned', params: { choice, position: positionId, discipline, skipped } };
  }
  const skipped = skippedChoices(prepared, index, Infinity);
  const listed = hire.preferences.length;
  const valid = prepared.validStart[index + 1] - prepared.validStart[index];
  if (valid === 0) return { code: 'no_valid_choices', params: { listed, discipline, skipped } };
  return algorithm === 'serial'
    ? {
        code: 'serial.unassigned',
        params: { turn: index + 1, listed, valid, discipline, skipped },
      }
    : { code: 'optimal.unassigned', params: { listed, valid, discipline, skipped } };
}

export function choiceHistogram(
  assignments: readonly { choice: number }[],
): Record<string, number> {
  let max = 0;
  for (const a of assignments) if (a.choice > max) max = a.choice;
  const counts = new Array<number>(max + 1).fill(0);
  for (const a of assignments) counts[a.choice]++;
  const histogram: Record<string, number> = {};
  for (let c = 1; c <= max; c++) histogram[String(c)] = counts[c];
  return histogram;
}

export function buildResult(
  prepared: PreparedMatching,
  algorithm: MatchAlgorithm,
  outcome: Outcome,
): MatchResult {
  const assignments: MatchAssignment[] = [];
  const unassigned: string[] = [];
  const unassignedDetails: UnassignedDetail[] = [];
  let totalChoice = 0;
  prepared.hires.forEach((hire, i) => {
    const position = outcome.position[i];
    const choice = outcome.choice[i];
    const explanation = explainOutcome(prepared, algorithm, i, position, choice);
    if (position >= 0) {
      assignments.push({
        hire: hire.id,
        position: prepared.positionIds[position],
        choice,
        explanation,
      });
      totalChoice += choice;
    } else {
      unassigned.push(hire.id);
      unassignedDetails.push({ hire: hire.id, explanation });
    }
  });
  return {
    algorithm,
    assignments,
    unassigned,
    assigned: assignments.length,
    totalChoice,
    choiceHistogram: choiceHistogram(assignments),
    unassignedDetails,
    warnings: prepared.warnings,
  };
}
