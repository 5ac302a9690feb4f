// Scores are kept as whole numbers of hundredths so that sums are exact and rounding happens once,
// on an exact fraction, never on a binary floating-point value (where 1.005 is 1.00499999…).

/**
 * The value in hundredths if it is a finite number with at most two decimals, else undefined.
 * 8.15 is accepted (the double nearest to 8.15 is exactly what 815 / 100 gives); 8.155 is not.
 */
export function toHundredths(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const hundredths = Math.round(value * 100);
  return hundredths / 100 === value && Number.isSafeInteger(hundredths) ? hundredths : undefined;
}

/** The nearest double to hundredths / 100, i.e. the value a person would write. */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

/** 8513 → '85.13', 5 → '0.05', -25 → '-0.25'. */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const magnitude = Math.abs(hundredths);
  const cents = magnitude % 100;
  return `${sign}${(magnitude - cents) / 100}.${String(cents).padStart(2, '0')}`;
}

/** Formats a score that already has at most two decimals, always with two: 85.1 → '85.10'. */
export function formatScore(score: number): string {
  const hundredths = toHundredths(score);
  if (hundredths === undefined) throw new RangeError(`${score} is not a two-decimal score`);
  return formatHundredths(hundredths);
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero (for the
 * non-negative scores this is "round half up"). Integers only, so the result is exact.
 */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d); // BigInt division truncates: floor for n, d >= 0
  return negative ? -rounded : rounded;
}

/** The mean of whole hundredths, rounded half up to whole hundredths. */
export function meanHundredthsRoundedHalfUp(sumHundredths: number, count: number): number {
  return Number(divideRoundHalfAwayFromZero(BigInt(sumHundredths), BigInt(count)));
}
