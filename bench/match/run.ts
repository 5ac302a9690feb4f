// Benchmark of the matching algorithms (issue 8): `npm run bench:match`.
// 10,000 hires, 2,000 positions (total quota exactly 10,000), 10 preferences each, fixed seed.
// Each algorithm runs once to warm up, then 3 times; the median wall time of the whole
// `runMatching` call (validation, algorithm, explanations) is reported. The last line printed
// is one JSON object (serial_ms, optimal_ms, ...).
import * as os from 'os';
import {
  compareMatchings,
  prepareMatching,
  runMatching,
  type MatchAlgorithm,
  type MatchResult,
} from '../../libs/domain/src/matching';
import { DEFAULT_BENCH, generateInstance } from './generate';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(run: () => void, repeats = 3): { median: number; runs: number[] } {
  run(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(runs), runs };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

function main(): void {
  const options = DEFAULT_BENCH;
  const generated = measure(() => void generateInstance(options), 1);
  const input = generateInstance(options);
  const seats = input.positions.reduce((sum, p) => sum + p.quota, 0);
  console.log(
    `instance: ${input.hires.length} hires, ${input.positions.length} positions, ` +
      `${seats} seats, ${options.preferences} preferences each, seed ${options.seed} ` +
      `(generated in ${round1(generated.median)} ms)`,
  );

  const prepare = measure(() => void prepareMatching(input));
  const results = new Map<MatchAlgorithm, MatchResult>();
  const times = new Map<MatchAlgorithm, { median: number; runs: number[] }>();
  for (const algorithm of ['serial', 'optimal'] as const) {
    let result: MatchResult | undefined;
    const time = measure(() => {
      result = runMatching(input, algorithm);
    });
    if (!result) throw new Error('no result');
    results.set(algorithm, result);
    times.set(algorithm, time);
    console.log(
      `${algorithm.padEnd(7)} median ${round1(time.median)} ms (runs ${time.runs.map(round1).join(', ')}): ` +
        `${result.assigned} assigned, ${result.unassigned.length} unassigned, ` +
        `total choice ${result.totalChoice}, histogram ${JSON.stringify(result.choiceHistogram)}`,
    );
  }
  const serial = results.get('serial');
  const optimal = results.get('optimal');
  const serialTime = times.get('serial');
  const optimalTime = times.get('optimal');
  if (!serial || !optimal || !serialTime || !optimalTime) throw new Error('missing results');
  const comparison = compareMatchings(serial, optimal);
  console.log(
    `validation alone: median ${round1(prepare.median)} ms; ` +
      `${comparison.differing} hires have a different outcome under the two algorithms`,
  );

  const cpus = os.cpus();
  console.log(
    JSON.stringify({
      serial_ms: round1(serialTime.median),
      optimal_ms: round1(optimalTime.median),
      serial_runs_ms: serialTime.runs.map(round1),
      optimal_runs_ms: optimalTime.runs.map(round1),
      validation_ms: round1(prepare.median),
      hires: input.hires.length,
      positions: input.positions.length,
      seats,
      preferences: options.preferences,
      seed: options.seed,
      serial_assigned: serial.assigned,
      serial_total_choice: serial.totalChoice,
      optimal_assigned: optimal.assigned,
      optimal_total_choice: optimal.totalChoice,
      serial_first_choice: serial.choiceHistogram['1'] ?? 0,
      optimal_first_choice: optimal.choiceHistogram['1'] ?? 0,
      differing_outcomes: comparison.differing,
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    }),
  );
}

main();
