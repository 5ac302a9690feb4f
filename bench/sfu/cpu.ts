import * as fs from 'node:fs';
import * as os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICK_MS = 1000 / 100;

/** Cumulative user+system CPU time of a process in ms, or null when it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Pids of live processes whose parent is `parentPid` and whose command name is `comm`. */
export function childrenNamed(parentPid: number, comm: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid && name === comm) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * CPU of a set of processes over a window. Processes that appear during the
 * window count from zero; ones that exit keep their last reading.
 */
export class CpuWindow {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly startedAt = performance.now();

  constructor(pids: readonly number[]) {
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms !== null) {
        this.start.set(pid, ms);
        this.last.set(pid, ms);
      }
    }
  }

  /** Percent of one core used by each pid since the window started. */
  read(pids: readonly number[] = [...this.start.keys()]): {
    wallMs: number;
    perPid: Map<number, number>;
    totalPct: number;
  } {
    const wallMs = performance.now() - this.startedAt;
    const perPid = new Map<number, number>();
    let total = 0;
    for (const pid of pids) {
      const now = processCpuMs(pid) ?? this.last.get(pid) ?? 0;
      this.last.set(pid, now);
      const pct = wallMs > 0 ? (100 * Math.max(0, now - (this.start.get(pid) ?? 0))) / wallMs : 0;
      perPid.set(pid, pct);
      total += pct;
    }
    return { wallMs, perPid, totalPct: total };
  }
}

/** One line describing the machine, for the figures table. */
export function machineLine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus.length}× ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${load}`;
}
