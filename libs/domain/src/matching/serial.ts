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
  const { validStart, validPosition, validChoice } = prepared;
  for (let i = 0; i < H; i++) {
    if (!include(i)) continue;
    for (let k = validStart[i], end = validStart[i + 1]; k < end; k++) {
      const p = validPosition[k];
      if (free[p] > 0) {
        free[p]--;
        position[i] = p;
        choice[i] = validChoice[k];
        break;
      }
    }
  }
  return { position, choice };
}
