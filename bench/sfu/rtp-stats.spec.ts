import { aggregate, parseRtpHeader, StreamStats } from './rtp-stats';

const rtp = (seq: number, ts: number, ssrc = 0x01020304, pt = 96) => {
  const b = Buffer.alloc(20);
  b[0] = 0x80;
  b[1] = pt;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts, 4);
  b.writeUInt32BE(ssrc, 8);
  return b;
};

describe('RTP receiver statistics', () => {
  it('reads the fixed header and ignores RTCP', () => {
    expect(parseRtpHeader(rtp(7, 900, 42, 111))).toEqual({
      payloadType: 111,
      sequenceNumber: 7,
      timestamp: 900,
      ssrc: 42,
    });
    const rr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(parseRtpHeader(rr)).toBeNull();
    expect(parseRtpHeader(Buffer.alloc(4))).toBeNull();
  });

  it('counts no loss for a gapless stream across the 16-bit wrap', () => {
    const s = new StreamStats(90000);
    for (let i = 0; i < 100; i++) s.onPacket((65500 + i) & 0xffff, i * 3000, i * 33.3333);
    expect(s.figures()).toMatchObject({ received: 100, expected: 100, lost: 0 });
  });

  it('counts sequence gaps as loss, and a late packet fills its gap', () => {
    const s = new StreamStats(90000);
    for (const seq of [10, 11, 14, 15]) s.onPacket(seq, seq * 3000, seq * 33);
    expect(s.figures()).toMatchObject({ received: 4, expected: 6, lost: 2 });
    s.onPacket(12, 12 * 3000, 16 * 33);
    expect(s.figures()).toMatchObject({ received: 5, expected: 6, lost: 1, stale: 1 });
  });

  it('counts a duplicate as stale (received but not newer), which hides as much loss', () => {
    const s = new StreamStats(90000);
    for (const seq of [1, 2, 2, 4]) s.onPacket(seq, seq * 3000, seq * 33);
    expect(s.figures()).toMatchObject({ received: 4, expected: 4, lost: 0, stale: 1 });
  });

  it('has zero jitter for perfectly paced packets, and about the delay variation otherwise', () => {
    const even = new StreamStats(48000);
    for (let i = 0; i < 200; i++) even.onPacket(i, i * 960, i * 20);
    expect(even.figures().jitterMs).toBeCloseTo(0, 6);
    // Every other packet 10 ms late: |D| = 10 ms each time, so J converges to 10 ms.
    const bumpy = new StreamStats(48000);
    for (let i = 0; i < 400; i++) bumpy.onPacket(i, i * 960, i * 20 + (i % 2) * 10);
    expect(bumpy.figures().jitterMs).toBeCloseTo(10, 1);
  });

  it('starts a fresh window on reset', () => {
    const s = new StreamStats(90000);
    for (const seq of [1, 5]) s.onPacket(seq, 0, 0);
    s.resetWindow();
    for (const seq of [6, 7, 8]) s.onPacket(seq, 0, 0);
    expect(s.figures()).toMatchObject({ received: 3, expected: 3, lost: 0 });
  });

  it('aggregates loss over all expected packets', () => {
    const total = aggregate([
      { received: 99, expected: 100, lost: 1, stale: 0, jitterMs: 2 },
      { received: 100, expected: 100, lost: 0, stale: 1, jitterMs: 4 },
    ]);
    expect(total.lossPct).toBeCloseTo(0.5);
    expect(total.meanJitterMs).toBe(3);
    expect(total.maxJitterMs).toBe(4);
    expect(total.stale).toBe(1);
    expect(aggregate([]).lossPct).toBe(0);
  });
});
