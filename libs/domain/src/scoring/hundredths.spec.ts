import {
  divideRoundHalfAwayFromZero,
  formatHundredths,
  formatScore,
  meanHundredthsRoundedHalfUp,
  toHundredths,
} from './hundredths';

describe('toHundredths', () => {
  it('accepts numbers with at most two decimals, including awkward binary ones', () => {
    expect(toHundredths(8.15)).toBe(815);
    expect(toHundredths(1.005 + 0)).toBeUndefined(); // three decimals
    expect(toHundredths(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004 is not 0.3
    expect(toHundredths(0.3)).toBe(30);
    expect(toHundredths(100)).toBe(10000);
    expect(toHundredths(-2.5)).toBe(-250);
  });

  it('refuses non-finite numbers', () => {
    expect(toHundredths(Number.NaN)).toBeUndefined();
    expect(toHundredths(Infinity)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('always shows two decimals', () => {
    expect(formatHundredths(8513)).toBe('85.13');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(-25)).toBe('-0.25');
    expect(formatHundredths(0)).toBe('0.00');
    expect(formatScore(85.1)).toBe('85.10');
    expect(formatScore(100)).toBe('100.00');
  });

  it('refuses to format a value with more than two decimals', () => {
    expect(() => formatScore(85.125)).toThrow(RangeError);
  });
});

describe('rounding', () => {
  it('rounds halves away from zero, everything else to nearest', () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(7n, 3n)).toBe(2n);
    expect(divideRoundHalfAwayFromZero(8n, 3n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-8n, 3n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(5n, -2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(0n, 7n)).toBe(0n);
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });

  it('averages hundredths with half up', () => {
    expect(meanHundredthsRoundedHalfUp(34050, 4)).toBe(8513); // 85.125
    expect(meanHundredthsRoundedHalfUp(34049, 4)).toBe(8512); // 85.1225
    expect(meanHundredthsRoundedHalfUp(201, 2)).toBe(101); // 1.005
  });
});
