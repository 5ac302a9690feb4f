import * as dgram from 'node:dgram';
import { boundUdpPorts, PortAllocator } from './port-allocator';

describe('PortAllocator', () => {
  let clock = 0;
  const make = (minPort: number, maxPort: number, busy: number[] = []) =>
    new PortAllocator({
      minPort,
      maxPort,
      coolDownMs: 1000,
      now: () => clock,
      busyPorts: () => new Set(busy),
    });

  beforeEach(() => {
    clock = 0;
  });

  it('hands out even RTP ports with the next port for RTCP, inside the range', () => {
    const ports = make(47001, 47008);
    expect(ports.capacity).toBe(3);
    expect([ports.allocate(), ports.allocate(), ports.allocate()]).toEqual([
      { rtp: 47002, rtcp: 47003 },
      { rtp: 47004, rtcp: 47005 },
      { rtp: 47006, rtcp: 47007 },
    ]);
    expect(ports.allocate()).toBeUndefined();
  });

  it('never hands out a pair twice while it is held', () => {
    const ports = make(46000, 46099);
    const held = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const pair = ports.allocate();
      expect(pair).toBeDefined();
      expect(held.has(pair!.rtp)).toBe(false);
      held.add(pair!.rtp);
    }
    expect(ports.allocate()).toBeUndefined();
    expect(ports.used).toBe(50);
  });

  it('keeps a released pair cooling down before it comes back', () => {
    const ports = make(46000, 46003);
    const a = ports.allocate()!;
    const b = ports.allocate()!;
    ports.release(a);
    expect(ports.allocate()).toBeUndefined();
    clock = 999;
    expect(ports.allocate()).toBeUndefined();
    clock = 1000;
    expect(ports.allocate()).toEqual(a);
    ports.release(b);
    ports.release(b); // a second release of the same pair changes nothing
    expect(ports.used).toBe(1);
  });

  it('takes pairs round-robin, so a freed pair is the last to be reused', () => {
    const ports = make(46000, 46005);
    const first = ports.allocate()!;
    ports.release(first);
    clock = 5000;
    expect(ports.allocate()!.rtp).toBe(46002);
    expect(ports.allocate()!.rtp).toBe(46004);
    expect(ports.allocate()!.rtp).toBe(46000);
  });

  it('skips a pair another process holds', () => {
    const ports = make(46000, 46005, [46001, 46002]);
    expect(ports.allocate()).toEqual({ rtp: 46004, rtcp: 46005 });
    expect(ports.allocate()).toBeUndefined();
  });

  it('refuses a range without a pair', () => {
    expect(() => make(46001, 46002)).toThrow(/no even port pair/);
  });
});

describe('boundUdpPorts', () => {
  it('sees a UDP port this process binds', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      expect(boundUdpPorts().has(socket.address().port)).toBe(true);
    } finally {
      socket.close();
    }
  });
});
