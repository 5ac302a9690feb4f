import * as fs from 'node:fs';
import { CpuWindow } from './cpu';
import type { GeneratorClient } from './generator-client';
import type { Load } from './platform';
import { aggregate } from './rtp-stats';
import type { StepResult } from './sweep';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Measurement extends StepResult {
  windowMs: number;
  receivedPps: number;
  sentPps: number;
  meanJitterMs: number;
  maxJitterMs: number;
  /** CPU of this process (api + media node main thread + bench signaling), percent of one core. */
  hostCpuPct: number;
  generatorCpuPct: number;
  unexpected: number;
  /** Received packets per second that were duplicates or reordered (not newer than the highest). */
  stalePps: number;
}

/** Warms up, then measures one window of the load as it stands. */
export async function measure(
  load: Load,
  generator: GeneratorClient,
  warmupMs: number,
  measureMs: number,
): Promise<Measurement> {
  await sleep(warmupMs);
  const workers = await load.workerPids();
  const recorders = load.recorderPids();
  await generator.request({ op: 'resetWindow' });
  const cpu = new CpuWindow([...workers, ...recorders, process.pid, generator.pid]);
  await sleep(measureMs);
  const snapshot = await generator.snapshot();
  const { perPid } = cpu.read();
  const seconds = snapshot.windowMs / 1000;
  const totals = aggregate(snapshot.received);
  const recorded = load.recordedSsrcs();
  const sentBySsrc = new Map(snapshot.sent.map((s) => [s.ssrc, s.packets]));
  let recorderForwarded = 0;
  for (const ssrc of recorded) recorderForwarded += sentBySsrc.get(ssrc) ?? 0;
  const workerPcts = workers.map((pid) => perPid.get(pid) ?? 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    rooms: load.rooms,
    windowMs: snapshot.windowMs,
    pps: (totals.received + recorderForwarded) / seconds,
    receivedPps: totals.received / seconds,
    sentPps: sum(snapshot.sent.map((s) => s.packets)) / seconds,
    lossPct: totals.lossPct,
    meanJitterMs: totals.meanJitterMs,
    maxJitterMs: totals.maxJitterMs,
    maxWorkerCpuPct: Math.max(0, ...workerPcts),
    workerCpuPct: sum(workerPcts),
    recorderCpuPct: sum(recorders.map((pid) => perPid.get(pid) ?? 0)),
    recordedStreams: recorded.size,
    hostCpuPct: perPid.get(process.pid) ?? 0,
    generatorCpuPct: perPid.get(generator.pid) ?? 0,
    unexpected: snapshot.unexpected,
    stalePps: totals.stale / seconds,
  };
}

export const log = (line: string) => process.stderr.write(`[bench:sfu] ${line}\n`);

export function describe(m: Measurement): string {
  return (
    `${m.rooms} rooms: ${Math.round(m.pps)} pps forwarded (${Math.round(m.sentPps)} sent, ${Math.round(m.stalePps)} stale), loss ${m.lossPct.toFixed(2)}%, ` +
    `jitter ${m.meanJitterMs.toFixed(1)}/${m.maxJitterMs.toFixed(1)} ms, workers ${m.workerCpuPct.toFixed(1)}% ` +
    `(max ${m.maxWorkerCpuPct.toFixed(1)}%), recorders ${m.recorderCpuPct.toFixed(1)}% for ${m.recordedStreams}, ` +
    `node ${m.hostCpuPct.toFixed(1)}%, generator ${m.generatorCpuPct.toFixed(1)}%`
  );
}

/** Busy share (0..1) of all CPUs over `ms`, from /proc/stat. */
async function machineBusy(ms: number): Promise<number> {
  const read = () => {
    const fields = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

/**
 * Waits until the machine has calmed down after a phase (processes exiting,
 * files flushed): busy below `threshold` over a second, or `maxMs` at most.
 * Returns the last busy share seen.
 */
export async function waitForQuiet(threshold = 0.35, maxMs = 20_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let busy = 1;
  while (Date.now() < deadline) {
    busy = await machineBusy(1000);
    if (busy < threshold) break;
  }
  return busy;
}
