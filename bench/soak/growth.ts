/** The soak run's pure rules: warm-up cut, steady-state windows, growth and the verdict. */

/** One reading of a process (or of several, summed) at time `t` (ms since the run started). */
export interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  /** Active libuv resources (process.getActiveResourcesInfo().length). */
  handles: number;
  /** Open file descriptors (/proc/<pid>/fd). */
  fds: number;
}

/** Samples taken after the first `warmupFraction` of the run (by time, not by count). */
export function afterWarmup(
  samples: readonly Sample[],
  runMs: number,
  warmupFraction = 0.2,
): Sample[] {
  const cut = runMs * warmupFraction;
  return samples.filter((s) => s.t >= cut);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Start and end level of one field over the steady state: the median of the first and of the
 * last `windowFraction` of the samples (at least one sample each), so one GC or one burst of
 * requests does not decide the figure.
 */
export function levels(
  samples: readonly Sample[],
  field: keyof Omit<Sample, 't'>,
  windowFraction = 0.15,
): { start: number; end: number } {
  if (samples.length === 0) return { start: NaN, end: NaN };
  const size = Math.max(1, Math.ceil(samples.length * windowFraction));
  const values = samples.map((s) => s[field]);
  return { start: median(values.slice(0, size)), end: median(values.slice(-size)) };
}

/** Percent change from `start` to `end` (0 when start is 0 and nothing changed). */
export function growthPct(start: number, end: number): number {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return NaN;
  if (start === 0) return end === 0 ? 0 : Infinity;
  return ((end - start) / start) * 100;
}

/** Sums per-process samples taken at the same tick into one sample of the whole platform. */
export function sumSamples(parts: readonly Sample[]): Sample {
  return parts.reduce(
    (sum, s) => ({
      t: Math.max(sum.t, s.t),
      rssMb: sum.rssMb + s.rssMb,
      heapMb: sum.heapMb + s.heapMb,
      handles: sum.handles + s.handles,
      fds: sum.fds + s.fds,
    }),
    { t: 0, rssMb: 0, heapMb: 0, handles: 0, fds: 0 },
  );
}

export interface Verdict {
  ok: boolean;
  reasons: string[];
}

/**
 * No error, RSS and heap within `maxGrowthPct` after warm-up, and handles not climbing (within
 * the same percentage, with a slack of `handleSlack` for the few that are in flight at any tick).
 */
export function verdict(
  figures: {
    errors: number;
    rssGrowthPct: number;
    heapGrowthPct: number;
    handlesStart: number;
    handlesEnd: number;
  },
  maxGrowthPct = 10,
  handleSlack = 10,
): Verdict {
  const reasons: string[] = [];
  if (figures.errors !== 0) reasons.push(`${figures.errors} errors`);
  if (!(figures.rssGrowthPct <= maxGrowthPct))
    reasons.push(`RSS grew ${figures.rssGrowthPct.toFixed(1)}% > ${maxGrowthPct}%`);
  if (!(figures.heapGrowthPct <= maxGrowthPct))
    reasons.push(`heap grew ${figures.heapGrowthPct.toFixed(1)}% > ${maxGrowthPct}%`);
  const handleLimit = figures.handlesStart * (1 + maxGrowthPct / 100) + handleSlack;
  if (!(figures.handlesEnd <= handleLimit))
    reasons.push(`handles ${figures.handlesStart} → ${figures.handlesEnd}`);
  return { ok: reasons.length === 0, reasons };
}

/** `--minutes N` on the command line, else SOAK_MINUTES, else 10. Positive, at most 24 h. */
export function parseMinutes(argv: readonly string[], env: string | undefined): number {
  let raw: string | undefined = env;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--minutes') raw = argv[i + 1];
    else if (argv[i].startsWith('--minutes=')) raw = argv[i].slice('--minutes='.length);
  }
  if (raw === undefined || raw === '') return 10;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
    throw new Error(`--minutes must be a number of minutes in (0, 1440], got "${raw}"`);
  return minutes;
}

export const round = (value: number, digits = 2): number => {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
