import { retryDelayMs, TimelineRow, TimelineWriter } from './timeline-writer';

const row = (n: number): TimelineRow => ({
  type: 'candidate.calledIn',
  actorUserId: 'chief',
  payload: { n },
});
const unavailable = () =>
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('TimelineWriter', () => {
  it('keeps rows through a database outage and stores them in the order written', async () => {
    const stored: number[] = [];
    let failuresLeft = 3;
    const waits: number[] = [];
    const writer = new TimelineWriter(
      's1',
      async (r) => {
        if (failuresLeft-- > 0) throw unavailable();
        stored.push(r.payload.n as number);
      },
      async (ms) => {
        waits.push(ms);
      },
    );
    for (const n of [1, 2, 3]) writer.write(row(n));
    await writer.flush();
    expect(stored).toEqual([1, 2, 3]);
    expect(waits).toEqual([200, 400, 800]);
  });

  it('skips a row refused for good and stores the ones after it', async () => {
    const stored: number[] = [];
    const writer = new TimelineWriter(
      's1',
      async (r) => {
        if (r.payload.n === 2) throw new Error('violates foreign key constraint');
        stored.push(r.payload.n as number);
      },
      async () => undefined,
    );
    for (const n of [1, 2, 3]) writer.write(row(n));
    await writer.flush();
    expect(stored).toEqual([1, 3]);
  });

  it('waits longer after each failed attempt, up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs)).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });
});
