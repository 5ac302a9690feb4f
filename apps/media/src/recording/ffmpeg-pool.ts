import type { Logger } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ffmpegArgs } from './sdp';

export type Container = 'webm' | 'mkv';

/** One ffmpeg process, from its spawn on: its exit is caught even before a recorder takes it. */
export interface FfmpegProcess {
  child: ChildProcess;
  pid: number | undefined;
  /** Resolves with the exit time once ffmpeg has exited (or could not be spawned). */
  exited: Promise<Date>;
  hasExited: boolean;
  /** The last 2000 characters ffmpeg wrote to stderr. */
  stderrTail: string;
  /** True when it waited in the pool before it was given its stream. */
  warm: boolean;
}

interface Idle {
  process: FfmpegProcess;
  link: string;
  spawnedAt: number;
}

/**
 * After an idle ffmpeg ended by itself, wait this long before spawning its replacement,
 * doubled (up to the maximum) while they keep ending young (a missing or broken ffmpeg).
 */
const IDLE_RESPAWN_DELAY_MS = 2000;
const IDLE_RESPAWN_MAX_MS = 60_000;
const IDLE_YOUNG_MS = 5000;

/**
 * Pre-spawned ("warm") recorder ffmpegs, per container. Starting ffmpeg takes
 * 1-2.5 s on a loaded 2-core machine, all of it lost from the start of a
 * recording; a warm ffmpeg has done all that and is blocked reading its SDP
 * from stdin, so it holds no port, has opened no file and uses no CPU. When a
 * recorder takes one it links the waiting output name to the segment's file,
 * then writes the SDP: ffmpeg binds its ports within milliseconds and creates
 * the segment's file through the link. The pool spawns a replacement at each
 * take. An idle ffmpeg never becomes a recording: it has no database row and
 * no file, and when the node dies its stdin closes and it exits without output.
 */
export class FfmpegPool {
  private readonly idle = new Map<Container, Idle[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** Idle ffmpegs that ended young in a row: the respawn backs off. */
  private idleFailures = 0;

  constructor(
    private readonly options: {
      ffmpegBin: string;
      /** Where the links from waiting output names to segment files live (a private temp dir). */
      linkDir: string;
      /** Warm processes kept per container in use. */
      size: number;
      logger: Logger;
    },
  ) {}

  /** How many ffmpegs wait in the pool. */
  get idleCount(): number {
    let count = 0;
    for (const list of this.idle.values()) count += list.length;
    return count;
  }

  /** Fills the pool of `container` up to its size. */
  warm(container: Container): void {
    if (this.closed) return;
    const list = this.idle.get(container) ?? [];
    this.idle.set(container, list);
    while (list.length < this.options.size) list.push(this.spawnIdle(container));
  }

  /**
   * An ffmpeg recording the RTP the SDP describes into `output`: a warm one
   * when the pool has one, else a new one (which then starts as slowly as
   * ffmpeg does). Either way the pool is refilled.
   */
  async launch(container: Container, output: string, sdp: string): Promise<FfmpegProcess> {
    const list = this.idle.get(container) ?? [];
    const entry = list.shift() ?? this.spawnIdle(container, false);
    this.warm(container);
    try {
      await fs.promises.symlink(output, entry.link);
    } catch (error) {
      entry.process.child.kill('SIGKILL');
      throw error;
    }
    entry.process.child.stdin?.end(sdp);
    return entry.process;
  }

  /** Kills every waiting ffmpeg (they have no output) and spawns no more. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const list of this.idle.values())
      for (const entry of list.splice(0)) entry.process.child.kill('SIGKILL');
  }

  private spawnIdle(container: Container, warm = true): Idle {
    const link = path.join(this.options.linkDir, `${randomUUID()}.${container}`);
    const child = spawn(this.options.ffmpegBin, ffmpegArgs(link, container), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    // ffmpeg may be gone when its SDP is written: the write error is its exit's business.
    child.stdin?.on('error', () => undefined);
    const proc: FfmpegProcess = {
      child,
      pid: child.pid,
      exited: undefined as unknown as Promise<Date>,
      hasExited: false,
      stderrTail: '',
      warm,
    };
    const entry: Idle = { process: proc, link, spawnedAt: Date.now() };
    proc.exited = new Promise<Date>((resolve) => {
      const done = () => {
        if (proc.hasExited) return;
        proc.hasExited = true;
        resolve(new Date());
        fs.promises.rm(link, { force: true }).catch(() => undefined);
        this.onExit(container, entry);
      };
      child.once('exit', done);
      child.once('error', (error) => {
        proc.stderrTail += `\n${error.message}`;
        done();
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      proc.stderrTail = (proc.stderrTail + chunk.toString()).slice(-2000);
    });
    return entry;
  }

  /** An idle ffmpeg that ended by itself leaves the pool and is replaced a little later. */
  private onExit(container: Container, entry: Idle): void {
    const list = this.idle.get(container);
    const index = list?.indexOf(entry) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    if (this.closed) return;
    const young = Date.now() - entry.spawnedAt < IDLE_YOUNG_MS;
    this.idleFailures = young ? this.idleFailures + 1 : 1;
    const delay = Math.min(
      IDLE_RESPAWN_DELAY_MS * 2 ** (this.idleFailures - 1),
      IDLE_RESPAWN_MAX_MS,
    );
    this.options.logger.warn(
      {
        pid: entry.process.pid,
        exitCode: entry.process.child.exitCode,
        signal: entry.process.child.signalCode,
        stderr: entry.process.stderrTail.trim().split('\n').slice(-3).join('\n'),
        respawnInMs: delay,
      },
      'a waiting recorder ffmpeg ended; replacing it',
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.warm(container);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
