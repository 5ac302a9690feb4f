import {
  afterWarmup,
  growthPct,
  levels,
  median,
  parseMinutes,
  Sample,
  sumSamples,
  verdict,
} from './growth';

const sample = (t: number, rssMb: number, heapMb = 50, handles = 20, fds = 30): Sample => ({
  t,
  rssMb,
  heapMb,
  handles,
  fds,
});

describe('the soak growth rules', () => {
  it('drops the first 20% of the run by time, not by count', () => {
    const samples = [0, 10, 19, 20, 50, 100].map((t) => sample(t, 100));
    expect(afterWarmup(samples, 100).map((s) => s.t)).toEqual([20, 50, 100]);
    expect(afterWarmup(samples, 100, 0.5).map((s) => s.t)).toEqual([50, 100]);
  });

  it('takes the median of the first and last windows, so one spike does not count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    // 20 samples, 15% windows = 3 samples each; one GC spike in each window is ignored.
    const rss = [100, 180, 101, 100, 100, 100, 100, 100, 100, 100];
    const samples = [...rss, ...rss.map((v) => v + 5)].map((v, i) => sample(i, v));
    samples[19].rssMb = 300;
    expect(levels(samples, 'rssMb')).toEqual({ start: 101, end: 105 });
    expect(levels([sample(0, 7)], 'rssMb')).toEqual({ start: 7, end: 7 });
  });

  it('computes growth in percent', () => {
    expect(growthPct(100, 110)).toBe(10);
    expect(growthPct(200, 150)).toBe(-25);
    expect(growthPct(0, 0)).toBe(0);
    expect(growthPct(0, 1)).toBe(Infinity);
    expect(growthPct(NaN, 1)).toBeNaN();
  });

  it('sums processes sampled at the same tick', () => {
    expect(sumSamples([sample(5, 100, 40, 10, 20), sample(6, 50, 30, 5, 7)])).toEqual(
      sample(6, 150, 70, 15, 27),
    );
  });

  it('is ok only with no errors and growth within 10%', () => {
    const base = {
      errors: 0,
      rssGrowthPct: 9.9,
      heapGrowthPct: -3,
      handlesStart: 100,
      handlesEnd: 115,
    };
    expect(verdict(base)).toEqual({ ok: true, reasons: [] });
    expect(verdict({ ...base, errors: 1 }).ok).toBe(false);
    expect(verdict({ ...base, rssGrowthPct: 10.1 }).reasons[0]).toMatch(/RSS/);
    expect(verdict({ ...base, heapGrowthPct: 25 }).reasons[0]).toMatch(/heap/);
    expect(verdict({ ...base, heapGrowthPct: NaN }).ok).toBe(false);
    expect(verdict({ ...base, handlesEnd: 121 }).reasons[0]).toMatch(/handles/);
  });

  it('reads --minutes, then SOAK_MINUTES, and defaults to 10', () => {
    expect(parseMinutes([], undefined)).toBe(10);
    expect(parseMinutes([], '3')).toBe(3);
    expect(parseMinutes(['--minutes', '1'], '3')).toBe(1);
    expect(parseMinutes(['--minutes=0.5'], undefined)).toBe(0.5);
    expect(() => parseMinutes(['--minutes', 'x'], undefined)).toThrow(/minutes/);
    expect(() => parseMinutes(['--minutes', '0'], undefined)).toThrow(/minutes/);
  });
});
