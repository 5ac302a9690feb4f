import { compareHirePriority } from './input';
import { runMatching } from './match';
import type { MatchHire, MatchInput, MatchPosition, MatchResult } from './types';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (result: MatchResult): Record<string, string> =>
  Object.fromEntries(result.assignments.map((a) => [a.hire, `${a.position}#${a.choice}`]));

const position = (id: string, quota: number, disciplines = ['0202']): MatchPosition => ({
  id,
  quota,
  disciplines,
});
const hire = (id: string, rank: number, preferences: string[], extra = {}): MatchHire => ({
  id,
  rank,
  discipline: '0202',
  preferences,
  ...extra,
});

describe('serial matching: hand-checked cases', () => {
  it('lets hires choose in rank order', () => {
    // Two single-seat positions, three hires wanting P1 then P2.
    // Turn 1: H1 takes P1. Turn 2: P1 full, H2 takes P2 (2nd). Turn 3: both full, H3 out.
    // Input order is deliberately not rank order.
    const input: MatchInput = {
      positions: [position('P1', 1), position('P2', 1)],
      hires: [
        hire('H3', 3, ['P1', 'P2']),
        hire('H1', 1, ['P1', 'P2']),
        hire('H2', 2, ['P1', 'P2']),
      ],
    };
    const result = runMatching(input, 'serial');
    expect(result).toMatchObject({
      algorithm: 'serial',
      assignments: [
        { hire: 'H1', position: 'P1', choice: 1 },
        { hire: 'H2', position: 'P2', choice: 2 },
      ],
      unassigned: ['H3'],
      assigned: 2,
      totalChoice: 3,
      choiceHistogram: { '1': 1, '2': 1 },
    });
    expect(result.assignments[1].explanation).toEqual({
      code: 'serial.assigned',
      params: {
        choice: 2,
        position: 'P2',
        turn: 2,
        discipline: '0202',
        skipped: [{ choice: 1, position: 'P1', reason: 'filled' }],
      },
    });
    expect(result.unassignedDetails).toEqual([
      {
        hire: 'H3',
        explanation: {
          code: 'serial.unassigned',
          params: {
            turn: 3,
            listed: 2,
            valid: 2,
            discipline: '0202',
            skipped: [
              { choice: 1, position: 'P1', reason: 'filled' },
              { choice: 2, position: 'P2', reason: 'filled' },
            ],
          },
        },
      },
    ]);
  });

  it('orders equal ranks by lot (lower first), hires without a lot last, then by id', () => {
    // All rank 1 and competing for one seat at A, then B (1 seat), then C (1 seat), D (1 seat).
    // Order: HB (lot 1), HA (lot 2), then no lot: HC before HD by id.
    const input: MatchInput = {
      positions: [position('A', 1), position('B', 1), position('C', 1), position('D', 1)],
      hires: [
        hire('HD', 1, ['A', 'B', 'C', 'D']),
        hire('HA', 1, ['A', 'B', 'C', 'D'], { lot: 2 }),
        hire('HC', 1, ['A', 'B', 'C', 'D']),
        hire('HB', 1, ['A', 'B', 'C', 'D'], { lot: 1 }),
      ],
    };
    expect(pick(runMatching(input, 'serial'))).toEqual({
      HB: 'A#1',
      HA: 'B#2',
      HC: 'C#3',
      HD: 'D#4',
    });
  });

  it('counts ignored entries in choice numbers and explains them', () => {
    // H1 lists an unknown id, a position closed to 0202, P1 twice, then P2.
    // Entries 1, 2 and 4 are ignored with warnings; P1 (entry 3) is full after H0; so H1 gets
    // P2, which is entry 5 of the list as given.
    const input: MatchInput = {
      positions: [position('P1', 1), position('P2', 1), position('P9', 3, ['0812'])],
      hires: [hire('H0', 1, ['P1']), hire('H1', 2, ['PX', 'P9', 'P1', 'P1', 'P2'])],
    };
    const result = runMatching(input, 'serial');
    expect(pick(result)).toEqual({ H0: 'P1#1', H1: 'P2#5' });
    expect(result.warnings.map((w) => [w.code, w.choice])).toEqual([
      ['unknown_position', 1],
      ['discipline_not_accepted', 2],
      ['duplicate_preference', 4],
    ]);
    expect(result.assignments[1].explanation.params).toMatchObject({
      skipped: [
        { choice: 1, position: 'PX', reason: 'unknown_position' },
        { choice: 2, position: 'P9', reason: 'discipline_not_accepted' },
        { choice: 3, position: 'P1', reason: 'filled' },
        { choice: 4, position: 'P1', reason: 'duplicate' },
      ],
    });
  });

  it('fills a multi-seat position before moving on, and skips quota-0 positions', () => {
    // P0 has no seats, P1 has two. H1, H2 get P1 (2nd entry, since P0 is 1st); H3 gets P2.
    const input: MatchInput = {
      positions: [position('P0', 0), position('P1', 2), position('P2', 5)],
      hires: [
        hire('H1', 1, ['P0', 'P1', 'P2']),
        hire('H2', 2, ['P0', 'P1', 'P2']),
        hire('H3', 3, ['P0', 'P1', 'P2']),
      ],
    };
    const result = runMatching(input, 'serial');
    expect(pick(result)).toEqual({ H1: 'P1#2', H2: 'P1#2', H3: 'P2#3' });
    expect(result.assignments[2].explanation.params).toMatchObject({
      skipped: [
        { choice: 1, position: 'P0', reason: 'no_places' },
        { choice: 2, position: 'P1', reason: 'filled' },
      ],
    });
  });

  it('explains a hire with no usable choice', () => {
    const result = runMatching(
      {
        positions: [position('P1', 1, ['0812'])],
        hires: [hire('H1', 1, ['P1']), hire('H2', 2, [])],
      },
      'serial',
    );
    expect(result.unassigned).toEqual(['H1', 'H2']);
    expect(result.unassignedDetails.map((d) => d.explanation)).toEqual([
      {
        code: 'no_valid_choices',
        params: {
          listed: 1,
          discipline: '0202',
          skipped: [{ choice: 1, position: 'P1', reason: 'discipline_not_accepted' }],
        },
      },
      { code: 'no_valid_choices', params: { listed: 0, discipline: '0202', skipped: [] } },
    ]);
  });
});

describe('serial matching: properties on random instances', () => {
  const CODES = ['0202', '1202', '0812', '0701'];

  function randomInstance(random: () => number): MatchInput {
    const int = (n: number): number => Math.floor(random() * n);
    const P = 1 + int(12);
    const positions = Array.from({ length: P }, (_, p) =>
      position(
        `P${p + 1}`,
        int(4),
        CODES.filter(() => random() < 0.5),
      ),
    );
    const ids = [...positions.map((p) => p.id), 'PX'];
    const H = 1 + int(40);
    const hires = Array.from({ length: H }, (_, h) => ({
      id: `H${h + 1}`,
      rank: 1 + int(H),
      discipline: CODES[int(CODES.length)],
      preferences: Array.from({ length: int(7) }, () => ids[int(ids.length)]),
      ...(random() < 0.5 ? { lot: int(100) } : {}),
    }));
    return { positions, hires };
  }

  it('never exceeds quotas, uses only valid preferences, and no hire envies a later one', () => {
    const random = mulberry32(42);
    for (let n = 0; n < 300; n++) {
      const input = randomInstance(random);
      const result = runMatching(input, 'serial');
      const order = [...input.hires].sort(compareHirePriority);
      const turn = new Map(order.map((h, i) => [h.id, i]));
      const byHire = new Map(result.assignments.map((a) => [a.hire, a]));
      const positions = new Map(input.positions.map((p) => [p.id, p]));

      // Output order is the serial order.
      expect([...result.assignments.map((a) => a.hire), ...result.unassigned].sort()).toEqual(
        order.map((h) => h.id).sort(),
      );
      expect(result.assignments.map((a) => turn.get(a.hire))).toEqual(
        [...result.assignments.map((a) => turn.get(a.hire))].sort((a, b) => (a ?? 0) - (b ?? 0)),
      );

      const seats = new Map<string, string[]>();
      for (const a of result.assignments) {
        const h = input.hires.find((x) => x.id === a.hire);
        const p = positions.get(a.position);
        expect(h && p).toBeTruthy();
        if (!h || !p) continue;
        // Valid: the position is at that index, exists, accepts the discipline, first occurrence.
        expect(h.preferences[a.choice - 1]).toBe(a.position);
        expect(h.preferences.indexOf(a.position)).toBe(a.choice - 1);
        expect(p.disciplines).toContain(h.discipline);
        seats.set(a.position, [...(seats.get(a.position) ?? []), a.hire]);
      }
      for (const p of input.positions) {
        expect((seats.get(p.id) ?? []).length).toBeLessThanOrEqual(p.quota);
      }
      // Serial dictatorship stability: every usable position a hire ranked above their outcome
      // is full of hires who came earlier in the serial order.
      for (const h of input.hires) {
        const outcome = byHire.get(h.id);
        const limit = outcome ? outcome.choice - 1 : h.preferences.length;
        h.preferences.slice(0, limit).forEach((id, i) => {
          const p = positions.get(id);
          if (!p || !p.disciplines.includes(h.discipline) || h.preferences.indexOf(id) !== i) {
            return;
          }
          const holders = seats.get(id) ?? [];
          expect(holders.length).toBe(p.quota);
          for (const other of holders) {
            expect(turn.get(other) ?? Infinity).toBeLessThan(turn.get(h.id) ?? -1);
          }
        });
      }
    }
  });
});
