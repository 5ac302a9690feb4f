/** The sweep's pure rules: when to stop, which step counts, and the derived figures. */

export interface StepLimits {
  /** Stop once loss exceeds this (percent). */
  maxLossPct: number;
  /** Stop once any mediasoup worker reaches this share of one core (percent). */
  maxWorkerCpuPct: number;
}

export const DEFAULT_LIMITS: StepLimits = { maxLossPct: 1, maxWorkerCpuPct: 85 };

export interface StepResult {
  rooms: number;
  /** Packets/s forwarded by the SFU (to synthetic receivers and to recorders). */
  pps: number;
  lossPct: number;
  /** Busiest worker, percent of one core. */
  maxWorkerCpuPct: number;
  /** All workers together, percent of one core. */
  workerCpuPct: number;
  /** All recorder ffmpeg processes together, percent of one core. */
  recorderCpuPct: number;
  recordedStreams: number;
}

/** Why a step ends the sweep, or null when the next step may run. */
export function stopReason(step: StepResult, limits: StepLimits = DEFAULT_LIMITS): string | null {
  if (step.lossPct > limits.maxLossPct)
    return `loss ${step.lossPct.toFixed(2)}% > ${limits.maxLossPct}%`;
  if (step.maxWorkerCpuPct >= limits.maxWorkerCpuPct)
    return `worker CPU ${step.maxWorkerCpuPct.toFixed(1)}% >= ${limits.maxWorkerCpuPct}%`;
  return null;
}

/** The last step before the first failing one (the load the machine held), or null. */
export function lastGoodStep(
  steps: readonly StepResult[],
  limits: StepLimits = DEFAULT_LIMITS,
): StepResult | null {
  let good: StepResult | null = null;
  for (const step of steps) {
    if (stopReason(step, limits) !== null) break;
    good = step;
  }
  return good;
}

/** Worker CPU (percent of one core) per 10 000 forwarded packets/s. */
export function cpuPer10kPps(workerCpuPct: number, pps: number): number {
  return pps > 0 ? (workerCpuPct * 10_000) / pps : 0;
}

/** Room counts to try: the given list, or 1, 2, 3, … up to `max` when none is given. */
export function roomSteps(spec: string | undefined, max: number): number[] {
  const steps = spec
    ? spec
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0)
    : Array.from({ length: max }, (_, i) => i + 1);
  return [...new Set(steps)].sort((a, b) => a - b).filter((n) => n <= max);
}

/** CPU percent of one core from two readings of cumulative CPU time (ms) `wallMs` apart. */
export function cpuPct(cpuMsBefore: number, cpuMsAfter: number, wallMs: number): number {
  return wallMs > 0 ? (100 * Math.max(0, cpuMsAfter - cpuMsBefore)) / wallMs : 0;
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
