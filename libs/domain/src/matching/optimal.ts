import type { PreparedMatching } from './input';
import { solveMinCostAssignment } from './min-cost-flow';
import type { Outcome } from './result';

export interface OptimalOutcome extends Outcome {
  phases: number;
  exchanges: number;
  improvements: number;
}

/**
 * Exact optimum: the maximum number of hires placed, then the minimum sum of choice numbers,
 * then (deterministic tie-breaks) the best set of placed hires in serial order, then the best
 * choice for each hire in serial order; see min-cost-flow.ts. `capacity` defaults to the quotas; hires for which `include` returns false
 * take no part.
 */
export function optimalOutcome(
  prepared: PreparedMatching,
  capacity: Int32Array = prepared.quota,
  include: (index: number) => boolean = () => true,
): OptimalOutcome {
  const H = prepared.hires.length;
  const { validStart, validPosition, validChoice } = prepared;
  let start = validStart;
  let positionOf = validPosition;
  let cost = validChoice;
  let everyone = true;
  for (let i = 0; i < H && everyone; i++) everyone = include(i);
  if (!everyone) {
    // Keep only the included hires' candidates (the others get an empty list).
    start = new Int32Array(H + 1);
    for (let i = 0; i < H; i++) {
      start[i + 1] = start[i] + (include(i) ? validStart[i + 1] - validStart[i] : 0);
    }
    positionOf = new Int32Array(start[H]);
    cost = new Int32Array(start[H]);
    for (let i = 0; i < H; i++) {
      if (start[i + 1] === start[i]) continue;
      positionOf.set(validPosition.subarray(validStart[i], validStart[i + 1]), start[i]);
      cost.set(validChoice.subarray(validStart[i], validStart[i + 1]), start[i]);
    }
  }
  const solution = solveMinCostAssignment({
    hires: H,
    positions: prepared.positionIds.length,
    quota: capacity,
    start,
    position: positionOf,
    cost,
  });
  const position = new Int32Array(H).fill(-1);
  const choice = new Int32Array(H);
  for (let i = 0; i < H; i++) {
    const k = solution.candidate[i];
    if (k < 0) continue;
    position[i] = positionOf[k];
    choice[i] = cost[k];
  }
  return {
    position,
    choice,
    phases: solution.phases,
    exchanges: solution.exchanges,
    improvements: solution.improvements,
  };
}
