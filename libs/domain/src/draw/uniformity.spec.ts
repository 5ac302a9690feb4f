import { createHash } from 'node:crypto';
import { drawItems } from './rfc3797';

// Chi-square critical values at p = 0.001 (upper tail), from standard tables.
const CHI_SQUARE_CRITICAL_P001: Record<number, number> = { 6: 22.458, 9: 27.877 };

const DRAWS = 100_000;
// 100,000 SHA-256 draws take a few seconds; leave room on a busy machine.
const SLOW_TEST_TIMEOUT_MS = 60_000;
const SOURCES = ['S-uniformity', '2020-06-13T01:30:00Z', '271828'];

/** Secrets derived deterministically from the draw index, so the test always sees the same data. */
const secretFor = (n: number) => createHash('sha256').update(String(n)).digest('hex');

function chiSquare(observed: readonly number[], expectedEach: number): number {
  return observed.reduce((sum, count) => sum + (count - expectedEach) ** 2 / expectedEach, 0);
}

describe('rfc3797-sha256-v1 uniformity over 100,000 draws', () => {
  it(
    'picks each of ten items first equally often (chi-square, p > 0.001)',
    () => {
      const items = ['Q00', 'Q01', 'Q02', 'Q03', 'Q04', 'Q05', 'Q06', 'Q07', 'Q08', 'Q09'];
      const firstPicks = new Array<number>(items.length).fill(0);
      for (let n = 0; n < DRAWS; n++) {
        const [first] = drawItems({
          secret: secretFor(n),
          sources: SOURCES,
          items,
          count: 1,
        }).result;
        firstPicks[items.indexOf(first)] += 1;
      }
      expect(firstPicks.reduce((a, b) => a + b, 0)).toBe(DRAWS);
      expect(chiSquare(firstPicks, DRAWS / items.length)).toBeLessThan(
        CHI_SQUARE_CRITICAL_P001[items.length - 1],
      );
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    'also picks the second item uniformly among the rest (seven items)',
    () => {
      // Checks the "remove and index the remaining items" part: the second pick of a 7-item draw.
      const items = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
      const secondPicks = new Array<number>(items.length).fill(0);
      for (let n = 0; n < DRAWS; n++) {
        const { result } = drawItems({
          secret: secretFor(-n - 1),
          sources: SOURCES,
          items,
          count: 2,
        });
        secondPicks[items.indexOf(result[1])] += 1;
      }
      expect(chiSquare(secondPicks, DRAWS / items.length)).toBeLessThan(
        CHI_SQUARE_CRITICAL_P001[items.length - 1],
      );
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it('would notice a biased picker (the statistic has teeth)', () => {
    // 1% of draws moved from the last item to the first: far beyond the critical value.
    const skewed = [11_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 9_000];
    expect(chiSquare(skewed, DRAWS / 10)).toBeGreaterThan(CHI_SQUARE_CRITICAL_P001[9]);
  });
});
