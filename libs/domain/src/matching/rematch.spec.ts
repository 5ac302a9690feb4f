import { compareMatchings } from './compare';
import { MatchInputError } from './input';
import { runMatching } from './match';
import { rematchAffected } from './rematch';
import type { MatchInput } from './types';

// P1 and P2 have one seat each.
// H1 (rank 1) -> P1; H2 (rank 2) -> P2; H3 (rank 3) lists PX (unknown) then P1, so P1 is its
// 2nd choice; H4 (rank 4) lists P1 first. H3 and H4 are unassigned by both algorithms.
const input: MatchInput = {
  positions: [
    { id: 'P1', quota: 1, disciplines: ['0202'] },
    { id: 'P2', quota: 1, disciplines: ['0202'] },
  ],
  hires: [
    { id: 'H1', rank: 1, discipline: '0202', preferences: ['P1'] },
    { id: 'H2', rank: 2, discipline: '0202', preferences: ['P2'] },
    { id: 'H3', rank: 3, discipline: '0202', preferences: ['PX', 'P1'] },
    { id: 'H4', rank: 4, discipline: '0202', preferences: ['P1'] },
  ],
};

describe('rematchAffected (backfill)', () => {
  it('serial: the freed seat goes to the best-ranked unassigned hire who listed it', () => {
    const previous = runMatching(input, 'serial');
    expect(previous.unassigned).toEqual(['H3', 'H4']);
    const { result, freed, backfilled, withdrawn } = rematchAffected(input, previous, 'H1');
    expect(withdrawn).toEqual(['H1']);
    expect(freed).toEqual([{ position: 'P1', seats: 1 }]);
    // H3 comes before H4 in rank order, even though P1 is only its 2nd choice.
    expect(backfilled.map((a) => [a.hire, a.position, a.choice])).toEqual([['H3', 'P1', 2]]);
    expect(backfilled[0].explanation).toEqual({
      code: 'backfill.assigned',
      params: {
        algorithm: 'serial',
        choice: 2,
        position: 'P1',
        discipline: '0202',
        skipped: [{ choice: 1, position: 'PX', reason: 'unknown_position' }],
      },
    });
    // H2's assignment is kept as it was (same object, same explanation).
    expect(result.assignments[0]).toBe(previous.assignments[1]);
    expect(result).toMatchObject({
      algorithm: 'serial',
      unassigned: ['H4'],
      assigned: 2,
      totalChoice: 3,
      choiceHistogram: { '1': 1, '2': 1 },
    });
    expect(result.unassignedDetails[0]).toEqual(previous.unassignedDetails[1]);
  });

  it('optimal: re-runs the optimum over the unassigned hires and the freed seat only', () => {
    const previous = runMatching(input, 'optimal');
    const { result, backfilled } = rematchAffected(input, previous, ['H1']);
    // H4 gets P1 as its 1st choice (total 1) rather than H3 as its 2nd (total 2).
    expect(backfilled.map((a) => [a.hire, a.choice])).toEqual([['H4', 1]]);
    expect(result.unassigned).toEqual(['H3']);
    expect(result.totalChoice).toBe(2);
  });

  it('frees nothing when the withdrawn hire was unassigned', () => {
    const previous = runMatching(input, 'serial');
    const { result, freed, backfilled } = rematchAffected(input, previous, 'H4');
    expect(freed).toEqual([]);
    expect(backfilled).toEqual([]);
    expect(result.assignments).toEqual(previous.assignments);
    expect(result.unassigned).toEqual(['H3']);
  });

  it('rejects unknown hires and a previous result that does not fit the input', () => {
    const previous = runMatching(input, 'serial');
    expect(() => rematchAffected(input, previous, 'H9')).toThrow(MatchInputError);
    const wrong = {
      ...previous,
      assignments: [{ ...previous.assignments[0], choice: 2 }],
    };
    expect(() => rematchAffected(input, wrong, 'H2')).toThrow(/choice 2 of hire "H1" is not "P1"/);
  });
});

describe('compareMatchings', () => {
  it('counts hires per choice number for both results', () => {
    // H1: A, B; H2: A. Serial: H1 A(1), H2 out. Optimal: H1 B(2), H2 A(1).
    const twoWay: MatchInput = {
      positions: [
        { id: 'A', quota: 1, disciplines: ['0202'] },
        { id: 'B', quota: 1, disciplines: ['0202'] },
      ],
      hires: [
        { id: 'H1', rank: 1, discipline: '0202', preferences: ['A', 'B'] },
        { id: 'H2', rank: 2, discipline: '0202', preferences: ['A'] },
      ],
    };
    const comparison = compareMatchings(
      runMatching(twoWay, 'serial'),
      runMatching(twoWay, 'optimal'),
    );
    expect(comparison).toEqual({
      a: { algorithm: 'serial', assigned: 1, unassigned: 1, totalChoice: 1, averageChoice: 1 },
      b: { algorithm: 'optimal', assigned: 2, unassigned: 0, totalChoice: 3, averageChoice: 1.5 },
      byChoice: [
        { choice: 1, a: 1, b: 1 },
        { choice: 2, a: 0, b: 1 },
      ],
      differing: 2,
    });
  });
});
