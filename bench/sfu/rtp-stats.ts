/**
 * Receiver-side RTP accounting (pure): packets, loss from sequence-number gaps
 * (RFC 3550 A.3 "expected − received" over extended sequence numbers) and
 * interarrival jitter (RFC 3550 A.8), per stream.
 */

export interface RtpHeader {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

/** The fixed RTP header of a datagram, or null for RTCP or anything too short to be RTP. */
export function parseRtpHeader(packet: Uint8Array): RtpHeader | null {
  if (packet.length < 12 || packet[0] >> 6 !== 2) return null;
  const payloadType = packet[1] & 0x7f;
  // RTCP packet types 192..223 collide with marker bit + PT 64..95.
  if (packet[1] >= 192 && packet[1] <= 223) return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    payloadType,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
  };
}

export interface StreamFigures {
  received: number;
  expected: number;
  lost: number;
  /** Packets not newer than the highest sequence number seen: duplicates or reordered. */
  stale: number;
  /** RFC 3550 interarrival jitter, in milliseconds. */
  jitterMs: number;
}

/** One received stream (one SSRC at one receiver). */
export class StreamStats {
  private baseSeq: number | null = null;
  /** Extended highest sequence number seen (cycles × 65536 + seq). */
  private maxExt = 0;
  private received = 0;
  private stale = 0;
  private jitter = 0; // in RTP timestamp units
  private lastTransit: number | null = null;

  constructor(private readonly clockRate: number) {}

  /** `arrivalMs`: local arrival time of the packet, in milliseconds. */
  onPacket(sequenceNumber: number, timestamp: number, arrivalMs: number): void {
    if (this.baseSeq === null) {
      this.baseSeq = sequenceNumber;
      this.maxExt = sequenceNumber;
    } else {
      const cycles = this.maxExt - (this.maxExt & 0xffff);
      const highest = this.maxExt & 0xffff;
      const delta = (sequenceNumber - highest + 0x10000) & 0xffff;
      // Forward moves (incl. wrap) advance; a small backward step is a reordered/late packet.
      if (delta !== 0 && delta < 0x8000) {
        const ext = cycles + highest + delta;
        this.maxExt = ext;
      } else {
        this.stale++;
      }
    }
    this.received++;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.lastTransit !== null) {
      let d = transit - this.lastTransit;
      // The RTP timestamp wraps at 2^32.
      if (d > 2 ** 31) d -= 2 ** 32;
      if (d < -(2 ** 31)) d += 2 ** 32;
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.lastTransit = transit;
  }

  figures(): StreamFigures {
    const expected = this.baseSeq === null ? 0 : this.maxExt - this.baseSeq + 1;
    return {
      received: this.received,
      expected,
      lost: Math.max(0, expected - this.received),
      stale: this.stale,
      jitterMs: (this.jitter * 1000) / this.clockRate,
    };
  }

  /** Starts a new measurement window: the next packet is the window's first. */
  resetWindow(): void {
    this.baseSeq = null;
    this.received = 0;
    this.stale = 0;
  }
}

/** Sums of many streams: loss % over all expected packets, the worst and mean jitter. */
export function aggregate(streams: readonly StreamFigures[]): {
  received: number;
  expected: number;
  lost: number;
  stale: number;
  lossPct: number;
  meanJitterMs: number;
  maxJitterMs: number;
} {
  let received = 0;
  let expected = 0;
  let lost = 0;
  let stale = 0;
  let jitterSum = 0;
  let maxJitterMs = 0;
  for (const s of streams) {
    received += s.received;
    expected += s.expected;
    lost += s.lost;
    stale += s.stale;
    jitterSum += s.jitterMs;
    maxJitterMs = Math.max(maxJitterMs, s.jitterMs);
  }
  return {
    received,
    expected,
    lost,
    stale,
    lossPct: expected === 0 ? 0 : (100 * lost) / expected,
    meanJitterMs: streams.length === 0 ? 0 : jitterSum / streams.length,
    maxJitterMs,
  };
}
