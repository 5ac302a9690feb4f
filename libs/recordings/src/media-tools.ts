import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export interface ProbedStream {
  type: string;
  codec: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
}

export interface ProbeResult {
  /** Null when the container carries no duration (a file cut by SIGKILL). */
  durationMs: number | null;
  streams: ProbedStream[];
  formatName: string | null;
}

/** Runs a command and returns its stdout; rejects with stderr's tail when it exits non-zero. */
export function run(bin: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else {
        const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ');
        reject(new ToolFailed(`${bin} exited with ${code ?? signal}: ${tail}`));
      }
    });
  });
}

/** The tool ran and said the input is bad (as opposed to not running at all). */
export class ToolFailed extends Error {
  override readonly name = 'ToolFailed';
}

function positiveMs(value: unknown): number | null {
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;
}

/** ffprobe's view of a file: its streams and its duration (container, else longest stream). */
export async function probe(ffprobeBin: string, file: string): Promise<ProbeResult> {
  const output = await run(ffprobeBin, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  const parsed = JSON.parse(output) as {
    format?: { duration?: string; format_name?: string };
    streams?: Record<string, unknown>[];
  };
  const streams = (parsed.streams ?? []).map((stream) => {
    const entry: ProbedStream = {
      type: String(stream.codec_type ?? 'unknown'),
      codec: String(stream.codec_name ?? 'unknown'),
    };
    if (typeof stream.width === 'number') entry.width = stream.width;
    if (typeof stream.height === 'number') entry.height = stream.height;
    if (typeof stream.sample_rate === 'string') entry.sampleRate = Number(stream.sample_rate);
    if (typeof stream.channels === 'number') entry.channels = stream.channels;
    return entry;
  });
  const streamDurations = (parsed.streams ?? [])
    .map((stream) => positiveMs(stream.duration))
    .filter((ms): ms is number => ms !== null);
  const durationMs =
    positiveMs(parsed.format?.duration) ??
    (streamDurations.length > 0 ? Math.max(...streamDurations) : null);
  return { durationMs, streams, formatName: parsed.format?.format_name ?? null };
}

/**
 * Rewrites a file without transcoding (`-c copy`). A WebM whose writer was killed has its
 * clusters but no duration or cues; the remuxed copy has both and seeks properly.
 */
export async function remux(ffmpegBin: string, input: string, output: string, container: string) {
  await run(ffmpegBin, [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    input,
    '-map',
    '0',
    '-c',
    'copy',
    '-f',
    container === 'mkv' ? 'matroska' : 'webm',
    output,
  ]);
}

/** SHA-256 (hex) and length of a stream. */
export async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { sha256: hash.digest('hex'), size };
}
