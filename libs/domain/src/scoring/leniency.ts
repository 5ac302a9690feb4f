// Examiner leniency for HR: how far, on average, an examiner's totals sit above (positive,
// lenient) or below (negative, severe) the mean of all totals given to the same candidate.
import { compareIds } from '../draw/ids';
import { divideRoundHalfAwayFromZero, fromHundredths, toHundredths } from './hundredths';
import { ExaminerTotal } from './aggregate';

/** The totals every examiner of one panel gave one candidate, e.g. `ScoreAggregate.totals`. */
export interface CandidatePanelTotals {
  candidateId: string;
  totals: readonly ExaminerTotal[];
}

export interface ExaminerLeniency {
  examinerId: string;
  /** Candidates counted (those marked with at least one other examiner on the panel). */
  candidateCount: number;
  /**
   * Mean over those candidates of (examiner's total − panel's plain mean total), exact until
   * rounded to two decimals, halves away from zero so +x and −x read alike.
   */
  meanDeviation: number;
}

/** An exact fraction; denominators stay positive. */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function add(a: Fraction, b: Fraction): Fraction {
  const numerator = a.numerator * b.denominator + b.numerator * a.denominator;
  const denominator = a.denominator * b.denominator;
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/**
 * Per-examiner mean deviation from the panel mean, in examinerId order. A panel of one examiner
 * is skipped (there is no one to deviate from); the panel mean is the plain, untrimmed mean.
 */
export function examinerLeniency(panels: readonly CandidatePanelTotals[]): ExaminerLeniency[] {
  const deviationSums = new Map<string, { sum: Fraction; candidates: number }>();
  for (const panel of panels) {
    if (panel.totals.length < 2) continue;
    const ids = new Set<string>();
    const hundredths = panel.totals.map(({ examinerId, total }) => {
      if (ids.has(examinerId)) {
        throw new RangeError(`examiner '${examinerId}' appears twice for '${panel.candidateId}'`);
      }
      ids.add(examinerId);
      const value = toHundredths(total);
      if (value === undefined) {
        throw new RangeError(`total ${total} of '${examinerId}' is not a two-decimal number`);
      }
      return value;
    });
    const size = BigInt(hundredths.length);
    const panelSum = BigInt(hundredths.reduce((sum, value) => sum + value, 0));
    panel.totals.forEach(({ examinerId }, index) => {
      // total − sum / n  =  (n · total − sum) / n, in hundredths
      const deviation = {
        numerator: size * BigInt(hundredths[index]) - panelSum,
        denominator: size,
      };
      const entry = deviationSums.get(examinerId) ?? {
        sum: { numerator: 0n, denominator: 1n },
        candidates: 0,
      };
      deviationSums.set(examinerId, {
        sum: add(entry.sum, deviation),
        candidates: entry.candidates + 1,
      });
    });
  }
  return [...deviationSums.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([examinerId, { sum, candidates }]) => ({
      examinerId,
      candidateCount: candidates,
      meanDeviation: fromHundredths(
        Number(divideRoundHalfAwayFromZero(sum.numerator, sum.denominator * BigInt(candidates))),
      ),
    }));
}
