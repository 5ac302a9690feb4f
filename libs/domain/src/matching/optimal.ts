import type { PreparedMatching } from './input';
import { solveMinCostAssignment } from './min-cost-flow';
import type { Outcome } from './result';

export interface OptimalOutcome extends Outcome {
  phases: number;
  exchanges: number;
}

/**
 * Exact optimum: the maximum number of hires placed, then the minimum sum of choice numbers,
 * then (deterministic tie-break) the best set of placed hires in serial order; see
 * min-cost-flow.ts. `capacity` defaults to the quotas; hires for which `include` returns false
 * take no part.
 */
export function optimalOutcome(
  prepared: PreparedMatching,
  capacity: Int32Array = prepared.quota,
  include: (index: number) => boolean = () => true,
): OptimalOutcome {
  const H = prepared.hires.length;
  const start = new Int32Array(H + 1);
  for (let i = 0; i < H; i++)
    start[i + 1] = start[i] + (include(i) ? prepared.hires[i].valid.length : 0);
  const K = start[H];
  const positionOf = new Int32Array(K);
  const cost = new Int32Array(K);
  for (let i = 0; i < H; i++) {
    if (start[i + 1] === start[i]) continue;
    let k = start[i];
    for (const c of prepared.hires[i].valid) {
      positionOf[k] = c.position;
      cost[k++] = c.choice;
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
  return { position, choice, phases: solution.phases, exchanges: solution.exchanges };
}
