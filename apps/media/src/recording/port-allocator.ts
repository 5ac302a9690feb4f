import * as fs from 'node:fs';

/** An RTP port (even) and its RTCP port (the next one), as one recorder listens on them. */
export interface PortPair {
  rtp: number;
  rtcp: number;
}

export interface PortAllocatorOptions {
  minPort: number;
  maxPort: number;
  /** How long a released pair rests before it is handed out again (the old process may linger). */
  coolDownMs?: number;
  now?: () => number;
  /** The UDP ports some process (maybe not this one) holds right now; read once per allocation. */
  busyPorts?: () => ReadonlySet<number>;
  /**
   * Start the round-robin at a random pair instead of the first: two nodes sharing
   * a range on one host (tests, a restart overlapping the old process) then rarely
   * race for the same pair.
   */
  randomStart?: boolean;
}

/**
 * Hands out recorder port pairs from RECORDING_MIN_PORT..RECORDING_MAX_PORT:
 * an even RTP port and the odd RTCP port after it (ffmpeg binds both). A pair
 * is never handed out twice while a recorder may still hold it: the caller
 * releases it only after its ffmpeg exited, and even then it cools down
 * before reuse. Pairs are taken round-robin so a just-freed pair is the last
 * to come back, and a pair some other process holds is skipped.
 */
export class PortAllocator {
  private readonly pairs: number[] = [];
  private readonly inUse = new Set<number>();
  private readonly coolingUntil = new Map<number, number>();
  private cursor = 0;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private readonly busyPorts: () => ReadonlySet<number>;

  constructor(options: PortAllocatorOptions) {
    const first = options.minPort % 2 === 0 ? options.minPort : options.minPort + 1;
    for (let port = first; port + 1 <= options.maxPort; port += 2) this.pairs.push(port);
    if (this.pairs.length === 0)
      throw new Error(`no even port pair in ${options.minPort}..${options.maxPort}`);
    this.coolDownMs = options.coolDownMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.busyPorts = options.busyPorts ?? (() => new Set());
    if (options.randomStart) this.cursor = Math.floor(Math.random() * this.pairs.length);
  }

  get capacity(): number {
    return this.pairs.length;
  }

  get used(): number {
    return this.inUse.size;
  }

  /** The next free pair, or undefined when every pair is taken, cooling down or busy. */
  allocate(): PortPair | undefined {
    const now = this.now();
    let busy: ReadonlySet<number> | undefined;
    for (let step = 0; step < this.pairs.length; step++) {
      const index = (this.cursor + step) % this.pairs.length;
      const rtp = this.pairs[index];
      if (this.inUse.has(rtp)) continue;
      const cooling = this.coolingUntil.get(rtp);
      if (cooling !== undefined) {
        if (cooling > now) continue;
        this.coolingUntil.delete(rtp);
      }
      busy ??= this.busyPorts();
      if (busy.has(rtp) || busy.has(rtp + 1)) continue;
      this.inUse.add(rtp);
      this.cursor = (index + 1) % this.pairs.length;
      return { rtp, rtcp: rtp + 1 };
    }
    return undefined;
  }

  /** Call once the process that held the pair has exited. */
  release(pair: PortPair): void {
    if (!this.inUse.delete(pair.rtp)) return;
    this.coolingUntil.set(pair.rtp, this.now() + this.coolDownMs);
  }
}

/**
 * The UDP ports bound on this host right now (IPv4 and IPv6), read from
 * /proc/net. Reading is side-effect free, unlike a trial bind, which could
 * steal the port from a recorder that is just starting.
 */
export function boundUdpPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const hex = local?.split(':').pop();
      if (hex) ports.add(parseInt(hex, 16));
    }
  }
  return ports;
}
