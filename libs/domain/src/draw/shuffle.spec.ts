import { compareIds, sortIdsAscending } from './ids';
import { verifyDrawRecord } from './record';
import { drawItems } from './rfc3797';
import { shuffleByDraw } from './shuffle';

const SECRET = '0123456789abcdef'.repeat(4);
const SOURCES = ['S-2020-ECON-01', '2020-06-13T01:30:00Z', '0815'];

describe('sortIdsAscending', () => {
  it('orders by UTF-16 code units, not numerically nor by locale', () => {
    expect(sortIdsAscending(['C9', 'C10', 'b', 'B', 'é', 'e', 'C09'])).toEqual([
      'B',
      'C09',
      'C10',
      'C9',
      'b',
      'e',
      'é',
    ]);
  });

  it('leaves its input untouched', () => {
    const ids = ['z', 'a'];
    sortIdsAscending(ids);
    expect(ids).toEqual(['z', 'a']);
  });

  it('compares equal ids as 0', () => {
    expect(compareIds('a', 'a')).toBe(0);
    expect(compareIds('a', 'b')).toBeLessThan(0);
  });
});

describe('shuffleByDraw', () => {
  it('sorts the ids first, so the caller’s order does not matter', () => {
    const sorted = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07'];
    const record = shuffleByDraw({
      secret: SECRET,
      sources: SOURCES,
      items: [...sorted].reverse(),
    });
    expect(record.items).toEqual(sorted);
    expect(record.count).toBe(7);
    // the fixed vector of rfc3797.spec.ts for the same inputs
    expect(record.result).toEqual(['C05', 'C01', 'C03', 'C06', 'C07', 'C02', 'C04']);
    expect(record).toEqual(
      drawItems({ secret: SECRET, sources: SOURCES, items: sorted, count: 7 }),
    );
    expect(verifyDrawRecord(record)).toEqual({ ok: true });
  });

  it('handles an empty session', () => {
    expect(shuffleByDraw({ secret: SECRET, sources: SOURCES, items: [] }).result).toEqual([]);
  });
});
