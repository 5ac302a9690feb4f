import type { PreparedMatching } from './input';
import type { Outcome } from './result';

/**
 * Serial dictatorship ("ranked, then choose"): hires take turns in serial order (rank, then lot,
 * then id); each takes their most preferred usable position that still has a free seat, or stays
 * unassigned. `capacity` (default: the quotas) is not modified. Hires for which `include`
 * returns false are skipped (they keep position -1).
 */
export function serialOutcome(
  prepared: PreparedMatching,
  capacity: Int32Array = prepared.quota,
  include: (index: number) => boolean = () => true,
): Outcome {
  const H = prepared.hires.length;
  const free = capacity.slice();
  const position = new Int32Array(H).fill(-1);
  const choice = new Int32Array(H);
  for (let i = 0; i < H; i++) {
    if (!include(i)) continue;
    for (const c of prepared.hires[i].valid) {
      if (free[c.position] > 0) {
        free[c.position]--;
        position[i] = c.position;
        choice[i] = c.choice;
        break;
      }
    }
  }
  return { position, choice };
}
