import { MatchInputError, prepareMatching } from './input';
import { outcomeFor } from './match';
import { choiceHistogram, explainOutcome, skippedChoices } from './result';
import type { MatchAssignment, MatchResult, UnassignedDetail } from './types';

export interface RematchResult {
  /** The updated full result: withdrawn hires removed, backfilled hires added. */
  result: MatchResult;
  withdrawn: string[];
  /** Seats freed by the withdrawals, per position (sorted by position id). */
  freed: { position: string; seats: number }[];
  /** Assignments made by the backfill (also included in result.assignments). */
  backfilled: MatchAssignment[];
}

/**
 * Backfill after one or more hires withdraw. Deliberately local, so that a published result is
 * not reshuffled:
 * - every other assignment is kept as it is (with its explanation);
 * - only the seats freed by the withdrawn hires are offered, and only to hires who were
 *   unassigned in `previous` (those who listed a freed position among their usable choices);
 * - with `serial` they get the chance in serial order (rank, lot, id), each taking their most
 *   preferred freed seat; with `optimal` the optimal algorithm is re-run over those hires and the
 *   freed seats only (most placed, then lowest total choice, then serial order).
 * `input` must be the input that produced `previous` (checked: assignments must refer to known
 * hires and positions at the stated choice, within quota). A withdrawn hire who was unassigned
 * simply disappears from the result.
 */
export function rematchAffected(
  input: unknown,
  previous: MatchResult,
  withdrawn: string | readonly string[],
): RematchResult {
  const prepared = prepareMatching(input);
  const algorithm = previous.algorithm;
  if (algorithm !== 'serial' && algorithm !== 'optimal') {
    throw new MatchInputError(`unknown algorithm "${String(algorithm)}"`, 'previous.algorithm');
  }
  const gone = new Set(typeof withdrawn === 'string' ? [withdrawn] : withdrawn);
  for (const id of gone) {
    if (!prepared.hireIndex.has(id)) throw new MatchInputError(`unknown hire "${id}"`, 'withdrawn');
  }

  const H = prepared.hires.length;
  const P = prepared.positionIds.length;
  const previousIndex = new Int32Array(H).fill(-1);
  const previousPosition = new Int32Array(H).fill(-1);
  const used = new Int32Array(P);
  previous.assignments.forEach((a, k) => {
    const path = `previous.assignments[${k}]`;
    const i = prepared.hireIndex.get(a.hire);
    const p = prepared.positionIndex.get(a.position);
    if (i === undefined || p === undefined) {
      throw new MatchInputError('refers to a hire or position that is not in the input', path);
    }
    if (previousIndex[i] >= 0) throw new MatchInputError(`hire "${a.hire}" assigned twice`, path);
    if (prepared.hires[i].preferences[a.choice - 1] !== a.position) {
      throw new MatchInputError(
        `choice ${a.choice} of hire "${a.hire}" is not "${a.position}"`,
        path,
      );
    }
    if (++used[p] > prepared.quota[p]) {
      throw new MatchInputError(`position "${a.position}" is over its quota`, path);
    }
    previousIndex[i] = k;
    previousPosition[i] = p;
  });

  const capacity = new Int32Array(P);
  for (let i = 0; i < H; i++) {
    if (gone.has(prepared.hires[i].id) && previousPosition[i] >= 0) capacity[previousPosition[i]]++;
  }
  const candidates = (i: number): boolean =>
    previousIndex[i] < 0 && !gone.has(prepared.hires[i].id);
  const outcome = capacity.some((c) => c > 0)
    ? outcomeFor(prepared, algorithm, capacity, candidates)
    : { position: new Int32Array(H).fill(-1), choice: new Int32Array(H) };

  const previousDetails = new Map(previous.unassignedDetails.map((d) => [d.hire, d.explanation]));
  const assignments: MatchAssignment[] = [];
  const backfilled: MatchAssignment[] = [];
  const unassigned: string[] = [];
  const unassignedDetails: UnassignedDetail[] = [];
  prepared.hires.forEach((hire, i) => {
    if (gone.has(hire.id)) return;
    if (previousIndex[i] >= 0) {
      assignments.push(previous.assignments[previousIndex[i]]);
      return;
    }
    const p = outcome.position[i];
    if (p >= 0) {
      const choice = outcome.choice[i];
      const position = prepared.positionIds[p];
      const assignment: MatchAssignment = {
        hire: hire.id,
        position,
        choice,
        explanation: {
          code: 'backfill.assigned',
          params: {
            algorithm,
            choice,
            position,
            discipline: hire.discipline,
            skipped: skippedChoices(prepared, i, choice),
          },
        },
      };
      assignments.push(assignment);
      backfilled.push(assignment);
      return;
    }
    unassigned.push(hire.id);
    unassignedDetails.push({
      hire: hire.id,
      explanation: previousDetails.get(hire.id) ?? explainOutcome(prepared, algorithm, i, -1, 0),
    });
  });

  const freed: { position: string; seats: number }[] = [];
  capacity.forEach((seats, p) => {
    if (seats > 0) freed.push({ position: prepared.positionIds[p], seats });
  });
  return {
    result: {
      algorithm,
      assignments,
      unassigned,
      assigned: assignments.length,
      totalChoice: assignments.reduce((sum, a) => sum + a.choice, 0),
      choiceHistogram: choiceHistogram(assignments),
      unassignedDetails,
      warnings: prepared.warnings,
    },
    withdrawn: [...gone],
    freed,
    backfilled,
  };
}
