import { MatchInputError, compareHirePriority, parseMatchInput, prepareMatching } from './input';
import { runMatching } from './match';
import type { MatchHire } from './types';

const valid = () => ({
  positions: [{ id: 'P1', quota: 2, disciplines: ['0202', '1202'], unit: 'City Hospital' }],
  hires: [{ id: 'H1', rank: 1, discipline: '0202', preferences: ['P1'], name: 'Li Lei' }],
});

function errorOf(raw: unknown): string {
  try {
    parseMatchInput(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(MatchInputError);
    return (error as Error).message;
  }
  throw new Error('expected a MatchInputError');
}

describe('matching input validation', () => {
  it('accepts valid input and keeps extra fields', () => {
    const parsed = parseMatchInput(valid());
    expect(parsed.positions[0]).toEqual(valid().positions[0]);
    expect(parsed.hires[0]).toEqual(valid().hires[0]);
  });

  it.each([
    ['not an object', [], /input must be an object/],
    ['positions missing', { hires: [] }, /^\$\.positions: must be an array \(missing\)/],
    ['hires not an array', { positions: [], hires: {} }, /^\$\.hires: must be an array/],
  ])('rejects %s', (_label, raw, message) => {
    expect(errorOf(raw)).toMatch(message);
  });

  const mutate = (fn: (input: ReturnType<typeof valid>) => void): unknown => {
    const input = valid();
    fn(input);
    return input;
  };

  it.each<[string, (input: ReturnType<typeof valid>) => void, RegExp]>([
    [
      'a position that is not an object',
      (i) => ((i.positions as unknown[])[0] = 3),
      /^positions\[0\]: must be an object/,
    ],
    [
      'an empty position id',
      (i) => (i.positions[0].id = ' '),
      /^positions\[0\]\.id: id must be a non-empty string/,
    ],
    [
      'a negative quota',
      (i) => (i.positions[0].quota = -1),
      /^positions\[0\]\.quota: must be an integer >= 0 \(got -1\)/,
    ],
    [
      'a fractional quota',
      (i) => (i.positions[0].quota = 1.5),
      /quota: must be an integer >= 0 \(got 1\.5\)/,
    ],
    [
      'a string quota',
      (i) => ((i.positions[0] as { quota: unknown }).quota = '2'),
      /quota: must be an integer >= 0 \(got "2"\)/,
    ],
    [
      'a 2-digit discipline',
      (i) => (i.positions[0].disciplines = ['02']),
      /^positions\[0\]\.disciplines\[0\]: must be a 4-digit discipline code/,
    ],
    [
      'duplicate position ids',
      (i) => i.positions.push({ ...i.positions[0] }),
      /^positions\[1\]\.id: duplicate position id "P1"/,
    ],
    [
      'rank 0',
      (i) => (i.hires[0].rank = 0),
      /^hires\[0\]\.rank: must be an integer >= 1 \(got 0\)/,
    ],
    [
      'a missing rank',
      (i) => delete (i.hires[0] as { rank?: number }).rank,
      /^hires\[0\]\.rank: must be an integer >= 1 \(missing\)/,
    ],
    [
      'a bad hire discipline',
      (i) => (i.hires[0].discipline = 'econ'),
      /^hires\[0\]\.discipline: must be a 4-digit/,
    ],
    [
      'preferences not an array',
      (i) => ((i.hires[0] as { preferences: unknown }).preferences = 'P1'),
      /^hires\[0\]\.preferences: must be an array/,
    ],
    [
      'a numeric preference',
      (i) => ((i.hires[0].preferences as unknown[])[0] = 1),
      /^hires\[0\]\.preferences\[0\]: must be a position id/,
    ],
    [
      'a non-numeric lot',
      (i) => ((i.hires[0] as { lot?: unknown }).lot = 'a'),
      /^hires\[0\]\.lot: must be a finite number/,
    ],
    [
      'duplicate hire ids',
      (i) => i.hires.push({ ...i.hires[0] }),
      /^hires\[1\]\.id: duplicate hire id "H1"/,
    ],
  ])('rejects %s with a message naming the field', (_label, fn, message) => {
    expect(errorOf(mutate(fn))).toMatch(message);
  });

  it('throws the same error from runMatching', () => {
    expect(() => runMatching({ positions: [] }, 'serial')).toThrow(MatchInputError);
    expect(() => runMatching(valid(), 'best' as never)).toThrow(/unknown matching algorithm/);
  });
});

describe('preparing the input', () => {
  it('ignores unusable preference entries with warnings, keeping original choice numbers', () => {
    const prepared = prepareMatching({
      positions: [
        { id: 'P1', quota: 1, disciplines: ['0202'] },
        { id: 'P2', quota: 1, disciplines: ['0812'] },
      ],
      hires: [{ id: 'H1', rank: 1, discipline: '0202', preferences: ['P3', 'P2', 'P1', 'P1'] }],
    });
    expect([...prepared.validStart]).toEqual([0, 1]);
    expect([...prepared.validPosition]).toEqual([0]);
    expect([...prepared.validChoice]).toEqual([3]);
    expect(prepared.hires[0].invalid.map((x) => x.reason)).toEqual([
      'unknown_position',
      'discipline_not_accepted',
      'duplicate',
    ]);
    expect(prepared.warnings).toEqual([
      {
        code: 'unknown_position',
        hire: 'H1',
        position: 'P3',
        choice: 1,
        message: 'hire H1: preference 1 "P3" ignored: no such position',
      },
      {
        code: 'discipline_not_accepted',
        hire: 'H1',
        position: 'P2',
        choice: 2,
        message: 'hire H1: preference 2 "P2" ignored: the position does not accept discipline 0202',
      },
      {
        code: 'duplicate_preference',
        hire: 'H1',
        position: 'P1',
        choice: 4,
        message: 'hire H1: preference 4 "P1" ignored: repeats an earlier preference',
      },
    ]);
  });

  it('orders hires by rank, then lot (hires with a lot first), then id', () => {
    const h = (id: string, rank: number, lot?: number): MatchHire => ({
      id,
      rank,
      discipline: '0202',
      preferences: [],
      ...(lot === undefined ? {} : { lot }),
    });
    const hires = [h('b', 2), h('a', 2), h('z', 1), h('c', 2, 5), h('d', 2, 1), h('e', 3, 0)];
    expect([...hires].sort(compareHirePriority).map((x) => x.id)).toEqual([
      'z',
      'd',
      'c',
      'a',
      'b',
      'e',
    ]);
    expect(prepareMatching({ positions: [], hires }).hires.map((x) => x.id)).toEqual([
      'z',
      'd',
      'c',
      'a',
      'b',
      'e',
    ]);
  });
});
