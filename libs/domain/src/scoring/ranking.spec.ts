import { rankResults } from './ranking';

describe('rankResults', () => {
  it('uses competition ranking: tied entries share a rank and the next one skips ("1224")', () => {
    const ranked = rankResults([
      { id: 'D', score: 80 },
      { id: 'C', score: 85.5 },
      { id: 'A', score: 90 },
      { id: 'B', score: 85.5 },
    ]);
    expect(ranked).toEqual([
      { id: 'A', score: 90, rank: 1, tied: false },
      { id: 'B', score: 85.5, rank: 2, tied: true },
      { id: 'C', score: 85.5, rank: 2, tied: true },
      { id: 'D', score: 80, rank: 4, tied: false },
    ]);
  });

  it('handles ties at the top and a three-way tie', () => {
    const ranked = rankResults([
      { id: 'x', score: 70 },
      { id: 'y', score: 92.1 },
      { id: 'z', score: 92.1 },
      { id: 'w', score: 70 },
      { id: 'v', score: 70 },
    ]);
    expect(ranked.map((entry) => `${entry.id}${entry.rank}`)).toEqual([
      'y1',
      'z1',
      'v3',
      'w3',
      'x3',
    ]);
  });

  it('treats scores that read the same to the hundredth as tied', () => {
    const ranked = rankResults([
      { id: 'a', score: 0.1 + 0.2 }, // 0.30000000000000004
      { id: 'b', score: 0.3 },
    ]);
    expect(ranked.map((entry) => entry.rank)).toEqual([1, 1]);
  });

  it('returns nothing for nothing, and refuses duplicates and non-finite scores', () => {
    expect(rankResults([])).toEqual([]);
    expect(() =>
      rankResults([
        { id: 'a', score: 1 },
        { id: 'a', score: 2 },
      ]),
    ).toThrow(/twice/);
    expect(() => rankResults([{ id: 'a', score: Number.NaN }])).toThrow(/no finite score/);
  });
});
