/**
 * Cost and completeness of server-side recording (issue 9): the same synthetic
 * room load through the real api + media node, once with RECORDING_ENABLED=false
 * and once with it on, in one run. Then every recorded file is probed.
 *
 *   npm run bench:recording
 *   BENCH_RECORDING_ROOMS=9 BENCH_RECORDING_SECONDS=60 npm run bench:recording
 *
 * Last line: one JSON object (cpu_ratio, ffmpeg_cpu_pct_per_stream, duration_coverage, …).
 * Goals: cpu_ratio ≤ 1.15, duration_coverage ≥ 0.99.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { machineLine } from './cpu';
import { GeneratorClient } from './generator-client';
import { describe, log, measure, Measurement, waitForQuiet } from './measure';
import { startPlatform } from './platform';
import { round } from './sweep';

const run = promisify(execFile);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** Total CPU of the load: mediasoup workers + recorder ffmpegs + the media node's process. */
const totalCpu = (m: Measurement) => m.workerCpuPct + m.recorderCpuPct + m.hostCpuPct;

/** Seconds of media in a recorded file (container duration, else the last packet's time). */
export async function probeSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    file,
  ]);
  const duration = Number(stdout.trim());
  if (Number.isFinite(duration) && duration > 0) return duration;
  const packets = await run(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const times = packets.stdout.split('\n').map(Number).filter(Number.isFinite);
  return times.length > 0 ? Math.max(...times) - Math.min(...times) : 0;
}

/**
 * Where the recording cost goes: each part's CPU (% of one core) without and
 * with recording, what recording adds per part, and per recorded stream.
 * `workers` grows by the forwarding to one more consumer per producer (the
 * recorder's); `recorders` is the ffmpegs; `node` is the api + media node
 * process (signaling, recorder bookkeeping). The generator is not in the totals.
 */
function cpuBreakdown(off: Measurement, on: Measurement) {
  const part = (m: Measurement) => ({
    workers: round(m.workerCpuPct, 1),
    recorders: round(m.recorderCpuPct, 1),
    node: round(m.hostCpuPct, 1),
    total: round(totalCpu(m), 1),
    generator: round(m.generatorCpuPct, 1),
    pps: Math.round(m.pps),
  });
  const added = {
    workers: on.workerCpuPct - off.workerCpuPct,
    recorders: on.recorderCpuPct,
    node: on.hostCpuPct - off.hostCpuPct,
  };
  const addedTotal = added.workers + added.recorders + added.node;
  const streams = Math.max(on.recordedStreams, 1);
  const recorderPps = Math.max(on.pps - off.pps, 0);
  return {
    off: part(off),
    on: part(on),
    added: {
      workers: round(added.workers, 1),
      recorders: round(added.recorders, 1),
      node: round(added.node, 1),
      total: round(addedTotal, 1),
    },
    /** Share of what recording adds, per part. */
    added_share: {
      workers: addedTotal > 0 ? round(added.workers / addedTotal, 3) : null,
      recorders: addedTotal > 0 ? round(added.recorders / addedTotal, 3) : null,
      node: addedTotal > 0 ? round(added.node / addedTotal, 3) : null,
    },
    per_recorded_stream: {
      workers: round(added.workers / streams, 3),
      recorders: round(added.recorders / streams, 3),
      node: round(added.node / streams, 3),
      total: round(addedTotal / streams, 3),
    },
    /** Packets/s forwarded to the recorders, and the workers' CPU per 10k of them. */
    recorder_pps: Math.round(recorderPps),
    worker_cpu_per_10k_recorder_pps:
      recorderPps > 0 ? round((added.workers * 1e4) / recorderPps) : null,
    worker_cpu_per_10k_pps_off: off.pps > 0 ? round((off.workerCpuPct * 1e4) / off.pps) : null,
    /** cpu_ratio if recording cost nothing but the ffmpegs, and if it cost nothing but the forwarding. */
    cpu_ratio_recorders_only: round(
      (totalCpu(off) + added.recorders) / Math.max(totalCpu(off), 0.01),
      3,
    ),
    cpu_ratio_forwarding_only: round(
      (totalCpu(off) + added.workers) / Math.max(totalCpu(off), 0.01),
      3,
    ),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const rooms = num('BENCH_RECORDING_ROOMS', 9);
  const warmupMs = num('BENCH_WARMUP_SECONDS', 5) * 1000;
  const windowMs = num('BENCH_RECORDING_SECONDS', 45) * 1000;
  const workers = num('BENCH_WORKERS', os.cpus().length);
  const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-bench-rec-'));
  log(`machine: ${machineLine()}`);
  log(
    `${rooms} rooms, warm-up ${warmupMs / 1000}s, window ${windowMs / 1000}s, ${workers} workers`,
  );
  const generator = new GeneratorClient();
  try {
    await generator.init();
    const phases: Record<'off' | 'on', Measurement> = {} as never;
    let keyFramesAnswered = 0;
    let coverage: {
      producerId: string;
      seat: string;
      kind: string;
      live: number;
      /** The platform's own view: recordings.ended_at − started_at (first packet). */
      rowLive: number;
      recorded: number;
    }[] = [];
    for (const mode of ['off', 'on'] as const) {
      if (mode === 'on') log(`machine ${(100 * (await waitForQuiet())).toFixed(0)}% busy`);
      const platform = await startPlatform(generator, {
        recording: mode === 'on',
        workers,
        recordingDir,
      });
      try {
        while (platform.rooms < rooms) await platform.addRoom();
        phases[mode] = await measure(platform, generator, warmupMs, windowMs);
        log(`recording ${mode}: ${describe(phases[mode])}`);
        if (mode === 'on') {
          // Live = from the stream's first packet (as the platform counts it: see the
          // recorder's watchFirstPacket) to the moment the generator stops sending.
          const sent = await generator.snapshot();
          keyFramesAnswered = sent.sent.reduce((n, s) => n + s.keyFramesAnswered, 0);
          const stoppedAt = Date.now();
          await generator.request({ op: 'clear' });
          // Stopping the node stops every recorder (SIGINT: ffmpeg finalises its file);
          // stopMedia returns once every ffmpeg has exited.
          await platform.stopMedia();
          const rows = await platform.stack.db.query<{
            producer_id: string;
            storage_key: string;
            started_at: Date;
            ended_at: Date | null;
          }>(
            `SELECT r.producer_id, s.storage_key, r.started_at, r.ended_at FROM recordings r
               JOIN recording_segments s ON s.recording_id = r.id
              WHERE r.producer_id = ANY($1::text[])`,
            [platform.producers.map((p) => p.producerId)],
          );
          const recorded = new Map<string, number>();
          const rowLive = new Map<string, number>();
          for (const row of rows) {
            const file = path.join(recordingDir, row.storage_key);
            const seconds = fs.existsSync(file) ? await probeSeconds(file).catch(() => 0) : 0;
            recorded.set(row.producer_id, (recorded.get(row.producer_id) ?? 0) + seconds);
            if (row.ended_at)
              rowLive.set(
                row.producer_id,
                (new Date(row.ended_at).getTime() - new Date(row.started_at).getTime()) / 1000,
              );
          }
          const firstSent = new Map(sent.sent.map((s) => [s.ssrc, s.firstSentAt]));
          coverage = platform.producers.map((p) => ({
            producerId: p.producerId,
            seat: `${p.sessionId.slice(0, 8)}/${p.seat}`,
            kind: p.kind,
            live: (stoppedAt - (firstSent.get(p.ssrc) ?? p.producedAt)) / 1000,
            rowLive: rowLive.get(p.producerId) ?? 0,
            recorded: recorded.get(p.producerId) ?? 0,
          }));
        }
      } finally {
        await generator.request({ op: 'clear' });
        await platform.close();
      }
    }
    const ratios = coverage.map((c) => (c.live > 0 ? c.recorded / c.live : 0));
    const worst = coverage[ratios.indexOf(Math.min(...ratios))];
    const rowRatios = coverage.map((c) => (c.rowLive > 0 ? c.recorded / c.rowLive : 0));
    const byKind = (kind: string) => {
      const r = coverage.flatMap((c, i) => (c.kind === kind ? [ratios[i]] : []));
      return r.length > 0 ? round(Math.min(...r), 4) : null;
    };
    const on = phases.on;
    const off = phases.off;
    const result = {
      bench: 'recording',
      rooms,
      cpu_ratio: round(totalCpu(on) / Math.max(totalCpu(off), 0.01), 3),
      ffmpeg_cpu_pct_per_stream:
        on.recordedStreams > 0 ? round(on.recorderCpuPct / on.recordedStreams, 3) : null,
      duration_coverage: ratios.length > 0 ? round(Math.min(...ratios), 4) : 0,
      mean_duration_coverage:
        ratios.length > 0 ? round(ratios.reduce((a, b) => a + b, 0) / ratios.length, 4) : 0,
      duration_coverage_video: byKind('video'),
      duration_coverage_audio: byKind('audio'),
      duration_coverage_vs_rows: rowRatios.length > 0 ? round(Math.min(...rowRatios), 4) : 0,
      worst_stream: worst && {
        seat: worst.seat,
        kind: worst.kind,
        live_s: round(worst.live, 2),
        recorded_s: round(worst.recorded, 2),
        row_live_s: round(worst.rowLive, 2),
      },
      recorded_streams: on.recordedStreams,
      files_expected: coverage.length,
      files_with_media: coverage.filter((c) => c.recorded > 0).length,
      total_cpu_pct_off: round(totalCpu(off), 1),
      total_cpu_pct_on: round(totalCpu(on), 1),
      worker_cpu_pct_off: round(off.workerCpuPct, 1),
      worker_cpu_pct_on: round(on.workerCpuPct, 1),
      recorder_cpu_pct: round(on.recorderCpuPct, 1),
      node_cpu_pct_off: round(off.hostCpuPct, 1),
      node_cpu_pct_on: round(on.hostCpuPct, 1),
      loss_pct_off: round(off.lossPct, 3),
      loss_pct_on: round(on.lossPct, 3),
      pps_off: Math.round(off.pps),
      pps_on: Math.round(on.pps),
      cpu_breakdown: cpuBreakdown(off, on),
      key_frames_answered: keyFramesAnswered,
      window_s: windowMs / 1000,
      machine: machineLine(),
      elapsed_s: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    generator.close();
    fs.rmSync(recordingDir, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench:recording failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
