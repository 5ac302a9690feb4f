import { prepareMatching, type PreparedMatching } from './input';
import { optimalOutcome } from './optimal';
import { buildResult, type Outcome } from './result';
import { serialOutcome } from './serial';
import type { MatchAlgorithm, MatchResult } from './types';

export function outcomeFor(
  prepared: PreparedMatching,
  algorithm: MatchAlgorithm,
  capacity?: Int32Array,
  include?: (index: number) => boolean,
): Outcome {
  return algorithm === 'serial'
    ? serialOutcome(prepared, capacity, include)
    : optimalOutcome(prepared, capacity, include);
}

/**
 * Validates `input`, a MatchInput-shaped value (throws MatchInputError when malformed), ignores unusable preference
 * entries (listed in `warnings`), and runs the algorithm. Pure and deterministic: the result
 * depends only on the content of the input, not on the order of its arrays.
 */
export function runMatching(input: unknown, algorithm: MatchAlgorithm): MatchResult {
  if (algorithm !== 'serial' && algorithm !== 'optimal') {
    throw new TypeError(`unknown matching algorithm "${String(algorithm)}" (serial|optimal)`);
  }
  const prepared = prepareMatching(input);
  return buildResult(prepared, algorithm, outcomeFor(prepared, algorithm));
}

/** Serial dictatorship by rank ("ranked, then choose"). */
export function matchSerial(input: unknown): MatchResult {
  return runMatching(input, 'serial');
}

/** Most hires placed, then the smallest total of choice numbers (exact min-cost flow). */
export function matchOptimal(input: unknown): MatchResult {
  return runMatching(input, 'optimal');
}
