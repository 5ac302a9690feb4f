import { compareHirePriority } from './input';
import { runMatching } from './match';
import { solveMinCostAssignment } from './min-cost-flow';
import type { MatchHire, MatchInput, MatchPosition, MatchResult } from './types';

/** mulberry32: small seeded PRNG, floats in [0, 1). */
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

const CODES = ['0202', '1202', '0812'];

/**
 * Small random instance: some quota-0 positions, unknown ids, duplicates, rank ties, lots.
 * `correlated`: one discipline and lists that follow a common order with a little noise, as when
 * everybody wants the same posts; this makes many equally good optima.
 */
function randomInstance(
  random: () => number,
  maxHires: number,
  maxPositions: number,
  correlated = false,
): MatchInput {
  const int = (n: number): number => Math.floor(random() * n);
  const P = 1 + int(maxPositions);
  const H = 1 + int(maxHires);
  const positions: MatchPosition[] = Array.from({ length: P }, (_, p) => ({
    id: `P${p + 1}`,
    quota: int(3),
    disciplines: CODES.filter(() => random() < 0.7),
  }));
  const ids = [...positions.map((p) => p.id), 'PX'];
  if (correlated) {
    positions.forEach((p) => {
      p.disciplines = [CODES[0]];
      p.quota = 1;
    });
  }
  const hires: MatchHire[] = Array.from({ length: H }, (_, h) => {
    let preferences = Array.from({ length: int(6) }, () => ids[int(ids.length)]);
    if (correlated) {
      preferences = positions.map((p) => p.id);
      for (let i = 0; i + 1 < preferences.length; i++) {
        if (random() < 0.3)
          [preferences[i], preferences[i + 1]] = [preferences[i + 1], preferences[i]];
      }
      preferences = preferences.slice(0, 2 + int(preferences.length));
    }
    const hire: MatchHire = {
      id: `H${h + 1}`,
      rank: 1 + int(H),
      discipline: correlated ? CODES[0] : CODES[int(CODES.length)],
      preferences,
    };
    if (random() < 0.5) hire.lot = int(10);
    return hire;
  });
  return { positions, hires };
}

/** The usable preferences, computed independently of the implementation. */
function usable(input: MatchInput, hire: MatchHire): { position: string; choice: number }[] {
  const seen = new Set<string>();
  const out: { position: string; choice: number }[] = [];
  hire.preferences.forEach((id, i) => {
    const position = input.positions.find((p) => p.id === id);
    if (!seen.has(id) && position && position.disciplines.includes(hire.discipline)) {
      out.push({ position: id, choice: i + 1 });
    }
    seen.add(id);
  });
  return out;
}

interface Best {
  assigned: number;
  total: number;
  /** Among optima: the placed hires' serial-order indexes, sorted, lexicographically least. */
  placed: number[];
  /** Number of distinct placed sets among the optima. */
  placedSets: number;
  /**
   * Among optima with that placed set: the lexicographically least vector of choice numbers in
   * serial order (0 for unplaced hires), as "hire:position" pairs.
   */
  assignment: string[];
  /** Number of distinct assignments among the optima with that placed set. */
  assignments: number;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/** Enumerates every feasible assignment. */
function bruteForce(input: MatchInput): Best {
  const order = [...input.hires].sort(compareHirePriority);
  const options = order.map((h) => usable(input, h));
  const left = new Map(input.positions.map((p) => [p.id, p.quota]));
  let best = { assigned: -1, total: 0 };
  let optima: { position: string; choice: number }[][] = [];
  const current: { position: string; choice: number }[] = [];
  const none = { position: '', choice: 0 };
  const visit = (i: number, assigned: number, total: number): void => {
    if (i === order.length) {
      if (assigned > best.assigned || (assigned === best.assigned && total < best.total)) {
        best = { assigned, total };
        optima = [];
      }
      if (assigned === best.assigned && total === best.total) optima.push([...current]);
      return;
    }
    current.push(none);
    visit(i + 1, assigned, total);
    current.pop();
    for (const o of options[i]) {
      const seats = left.get(o.position) ?? 0;
      if (seats === 0) continue;
      left.set(o.position, seats - 1);
      current.push(o);
      visit(i + 1, assigned + 1, total + o.choice);
      current.pop();
      left.set(o.position, seats);
    }
  };
  visit(0, 0, 0);
  const placedOf = (a: { choice: number }[]): number[] =>
    a.flatMap((x, i) => (x.choice > 0 ? [i] : []));
  let placed = placedOf(optima[0]);
  for (const a of optima) if (lexLess(placedOf(a), placed)) placed = placedOf(a);
  const sameSet = optima.filter((a) => placedOf(a).join() === placed.join());
  let assignment = sameSet[0];
  for (const a of sameSet) {
    if (
      lexLess(
        a.map((x) => x.choice),
        assignment.map((x) => x.choice),
      )
    )
      assignment = a;
  }
  return {
    ...best,
    placed,
    placedSets: new Set(optima.map((a) => placedOf(a).join())).size,
    assignment: assignment.flatMap((x, i) =>
      x.choice > 0 ? [`${order[i].id}:${x.position}`] : [],
    ),
    assignments: sameSet.length,
  };
}

function checkFeasible(input: MatchInput, result: MatchResult): void {
  const used = new Map<string, number>();
  const seen = new Set<string>();
  for (const a of result.assignments) {
    const hire = input.hires.find((h) => h.id === a.hire);
    expect(hire).toBeDefined();
    if (!hire) return;
    expect(seen.has(a.hire)).toBe(false);
    seen.add(a.hire);
    // Only usable preferences, with the choice number of the original list.
    expect(usable(input, hire)).toContainEqual({ position: a.position, choice: a.choice });
    used.set(a.position, (used.get(a.position) ?? 0) + 1);
  }
  for (const p of input.positions) expect(used.get(p.id) ?? 0).toBeLessThanOrEqual(p.quota);
  for (const id of result.unassigned) expect(seen.has(id)).toBe(false);
  expect(seen.size + result.unassigned.length).toBe(input.hires.length);
  expect(result.assigned).toBe(result.assignments.length);
  expect(result.totalChoice).toBe(result.assignments.reduce((s, a) => s + a.choice, 0));
}

const pick = (result: MatchResult): Record<string, string> =>
  Object.fromEntries(result.assignments.map((a) => [a.hire, `${a.position}#${a.choice}`]));

describe('optimal matching: hand-checked cases', () => {
  it('places everyone where serial order would leave someone out', () => {
    // H1 (rank 1) likes P1 then P2; H2 (rank 2) accepts only P1. One seat each.
    // Serial: H1 takes P1, H2 finds P1 full -> unassigned (1 placed).
    // Optimal: H1 -> P2 (2nd choice), H2 -> P1 (1st choice): 2 placed, total 3.
    const input: MatchInput = {
      positions: [
        { id: 'P1', quota: 1, disciplines: ['0202'] },
        { id: 'P2', quota: 1, disciplines: ['0202'] },
      ],
      hires: [
        { id: 'H1', rank: 1, discipline: '0202', preferences: ['P1', 'P2'] },
        { id: 'H2', rank: 2, discipline: '0202', preferences: ['P1'] },
      ],
    };
    const result = runMatching(input, 'optimal');
    expect(pick(result)).toEqual({ H1: 'P2#2', H2: 'P1#1' });
    expect(result.unassigned).toEqual([]);
    expect(result.assigned).toBe(2);
    expect(result.totalChoice).toBe(3);
    expect(result.choiceHistogram).toEqual({ '1': 1, '2': 1 });
    expect(runMatching(input, 'serial').unassigned).toEqual(['H2']);
  });

  it('minimises the total of choice numbers once the count is maximal', () => {
    // Three hires, three single-seat positions, everybody can be placed.
    // H1: A,B,C   H2: A,C,B   H3: B,A,C
    // Serial: H1->A(1), H2->C(2), H3->B(1): total 4.  Optimal can't beat 4? Try all 6
    // permutations: (A,C,B)=1+2+1=4, (B,A,C)=2+1+3=6, (C,A,B)=3+1+1=5, (A,B,?)... H2->B is 3rd:
    // (A,B,C)=1+3+3=7, (B,C,A)=2+2+2=6, (C,B,A)=3+3+2=8. Unique optimum (A,C,B), total 4.
    const positions = ['A', 'B', 'C'].map((id) => ({ id, quota: 1, disciplines: ['1202'] }));
    const input: MatchInput = {
      positions,
      hires: [
        { id: 'H1', rank: 1, discipline: '1202', preferences: ['A', 'B', 'C'] },
        { id: 'H2', rank: 2, discipline: '1202', preferences: ['A', 'C', 'B'] },
        { id: 'H3', rank: 3, discipline: '1202', preferences: ['B', 'A', 'C'] },
      ],
    };
    const result = runMatching(input, 'optimal');
    expect(pick(result)).toEqual({ H1: 'A#1', H2: 'C#2', H3: 'B#1' });
    expect(result.totalChoice).toBe(4);
  });

  it('lowers the total below the serial one when a top hire can give way cheaply', () => {
    // A and B have one seat each; C and D exist but have no seats (quota 0).
    // H1 (rank 1): A, B.   H2 (rank 2): A, C, D, B  (so B is H2's 4th choice).
    // Serial: H1->A (1st), H2->B (4th): total 5.
    // Optimal: both placed either way; H1->B (2nd), H2->A (1st): total 3 < 5.
    const input: MatchInput = {
      positions: ['A', 'B', 'C', 'D'].map((id) => ({
        id,
        quota: id === 'A' || id === 'B' ? 1 : 0,
        disciplines: ['0812'],
      })),
      hires: [
        { id: 'H1', rank: 1, discipline: '0812', preferences: ['A', 'B'] },
        { id: 'H2', rank: 2, discipline: '0812', preferences: ['A', 'C', 'D', 'B'] },
      ],
    };
    expect(pick(runMatching(input, 'serial'))).toEqual({ H1: 'A#1', H2: 'B#4' });
    const result = runMatching(input, 'optimal');
    expect(pick(result)).toEqual({ H1: 'B#2', H2: 'A#1' });
    expect(result.totalChoice).toBe(3);
    expect(result.assignments[0].explanation).toEqual({
      code: 'optimal.assigned',
      params: {
        choice: 2,
        position: 'B',
        discipline: '0812',
        skipped: [{ choice: 1, position: 'A', reason: 'filled' }],
      },
    });
  });

  it('respects quotas above one and discipline acceptance', () => {
    // P1 has 2 seats but accepts only 0202; P2 (1 seat) accepts both disciplines.
    // H3 (1202) can only use P2, so the two 0202 hires must share P1: everyone placed, total 3.
    const input: MatchInput = {
      positions: [
        { id: 'P1', quota: 2, disciplines: ['0202'], unit: 'City Hospital' },
        { id: 'P2', quota: 1, disciplines: ['0202', '1202'], unit: 'County School' },
      ],
      hires: [
        { id: 'H1', rank: 1, discipline: '0202', preferences: ['P2', 'P1'] },
        { id: 'H2', rank: 2, discipline: '0202', preferences: ['P2', 'P1'] },
        { id: 'H3', rank: 3, discipline: '1202', preferences: ['P1', 'P2'] },
      ],
    };
    const result = runMatching(input, 'optimal');
    // H3's P1 is ignored (discipline) with a warning; its P2 stays choice number 2.
    expect(pick(result)).toEqual({ H1: 'P1#2', H2: 'P1#2', H3: 'P2#2' });
    expect(result.warnings.map((w) => w.code)).toEqual(['discipline_not_accepted']);
  });

  it('breaks ties between equally good optima in favour of the better-ranked hire', () => {
    // One seat; both hires list it first: either placement is optimal (1 placed, total 1).
    // The tie-break places the better-ranked hire (rank 1), whatever the input order.
    const input: MatchInput = {
      positions: [{ id: 'P1', quota: 1, disciplines: ['0202'] }],
      hires: [
        { id: 'H9', rank: 2, discipline: '0202', preferences: ['P1'] },
        { id: 'H1', rank: 1, discipline: '0202', preferences: ['P1'] },
      ],
    };
    expect(pick(runMatching(input, 'optimal'))).toEqual({ H1: 'P1#1' });
    // Equal ranks: the lower lot wins; without lots, the smaller id.
    const tied: MatchInput = {
      positions: input.positions,
      hires: [
        { id: 'H1', rank: 1, lot: 7, discipline: '0202', preferences: ['P1'] },
        { id: 'H2', rank: 1, lot: 3, discipline: '0202', preferences: ['P1'] },
      ],
    };
    expect(pick(runMatching(tied, 'optimal'))).toEqual({ H2: 'P1#1' });
  });

  it('then seats hires in rank order among equally good optima', () => {
    // A and B have one seat each; both hires list A then B. Either way: 2 placed, total 3.
    // The better-ranked hire chooses first among the optima: H1 gets A.
    const hires = [
      { id: 'H2', rank: 2, discipline: '0202', preferences: ['A', 'B'] },
      { id: 'H1', rank: 1, discipline: '0202', preferences: ['A', 'B'] },
    ];
    const positions = ['B', 'A'].map((id) => ({ id, quota: 1, disciplines: ['0202'] }));
    expect(pick(runMatching({ positions, hires }, 'optimal'))).toEqual({ H1: 'A#1', H2: 'B#2' });
    // A longer chain: three hires with the same list A, B, C (one seat each), total 6 whatever
    // the order; rank order decides: H1 A, H2 B, H3 C.
    const three = {
      positions: ['C', 'B', 'A'].map((id) => ({ id, quota: 1, disciplines: ['0202'] })),
      hires: ['H3', 'H1', 'H2'].map((id) => ({
        id,
        rank: Number(id.slice(1)),
        discipline: '0202',
        preferences: ['A', 'B', 'C'],
      })),
    };
    expect(pick(runMatching(three, 'optimal'))).toEqual({ H1: 'A#1', H2: 'B#2', H3: 'C#3' });
  });

  it('copes with a quota far above the number of hires', () => {
    const input: MatchInput = {
      positions: [{ id: 'P1', quota: 1e12, disciplines: ['0202'] }],
      hires: [
        { id: 'H1', rank: 1, discipline: '0202', preferences: ['P1'] },
        { id: 'H2', rank: 2, discipline: '0202', preferences: ['P1'] },
      ],
    };
    for (const algorithm of ['serial', 'optimal'] as const) {
      expect(pick(runMatching(input, algorithm))).toEqual({ H1: 'P1#1', H2: 'P1#1' });
    }
  });

  it('handles empty inputs and hires without usable choices', () => {
    expect(runMatching({ positions: [], hires: [] }, 'optimal')).toMatchObject({
      assignments: [],
      unassigned: [],
      assigned: 0,
      totalChoice: 0,
      choiceHistogram: {},
    });
    const result = runMatching(
      {
        positions: [{ id: 'P1', quota: 0, disciplines: ['0202'] }],
        hires: [{ id: 'H1', rank: 1, discipline: '0202', preferences: ['P1', 'P2'] }],
      },
      'optimal',
    );
    expect(result.unassigned).toEqual(['H1']);
    expect(result.unassignedDetails[0].explanation.code).toBe('optimal.unassigned');
  });
});

describe('optimal matching against brute force', () => {
  it('matches exhaustive search on 200 random small instances (count, total, tie-breaks)', () => {
    const random = mulberry32(8);
    let nonTrivial = 0;
    let ties = 0;
    let choiceTies = 0;
    for (let n = 0; n < 200; n++) {
      const input = randomInstance(random, 6, 4, n % 2 === 1);
      const best = bruteForce(input);
      const result = runMatching(input, 'optimal');
      checkFeasible(input, result);
      const context = JSON.stringify(input);
      expect({ n, assigned: result.assigned, total: result.totalChoice, context }).toEqual({
        n,
        assigned: best.assigned,
        total: best.total,
        context,
      });
      // Tie-break: the placed set is the best one in serial order among all optima.
      const order = [...input.hires].sort(compareHirePriority).map((h) => h.id);
      const placed = result.assignments.map((a) => order.indexOf(a.hire)).sort((a, b) => a - b);
      expect({ n, placed }).toEqual({ n, placed: best.placed });
      if (best.placedSets > 1) ties++;
      // Then each hire, in serial order, gets the best choice any such optimum gives them.
      const assignment = result.assignments.map((a) => `${a.hire}:${a.position}`);
      expect({ n, assignment }).toEqual({ n, assignment: best.assignment });
      if (best.assignments > 1) choiceTies++;
      const serial = runMatching(input, 'serial');
      if (serial.assigned < best.assigned || serial.totalChoice > best.total) nonTrivial++;
    }
    // Enough instances where the serial order is not optimal, so the comparison has teeth.
    expect(nonTrivial).toBeGreaterThanOrEqual(25);
    // ... and where several optima exist (different placed sets, or the same set seated
    // differently), so the tie-break checks have teeth too.
    expect(ties).toBeGreaterThanOrEqual(50);
    expect(choiceTies).toBeGreaterThanOrEqual(25);
  });

  it('beats or equals serial on every instance', () => {
    const random = mulberry32(99);
    for (let n = 0; n < 100; n++) {
      const input = randomInstance(random, 8, 5);
      const optimal = runMatching(input, 'optimal');
      const serial = runMatching(input, 'serial');
      expect(optimal.assigned).toBeGreaterThanOrEqual(serial.assigned);
      if (optimal.assigned === serial.assigned) {
        expect(optimal.totalChoice).toBeLessThanOrEqual(serial.totalChoice);
      }
    }
  });

  it('does not depend on the order of the input arrays', () => {
    const random = mulberry32(5);
    for (let n = 0; n < 50; n++) {
      const input = randomInstance(random, 8, 5);
      const shuffle = <T>(items: T[]): T[] => {
        const out = [...items];
        for (let i = out.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
      };
      const shuffled: MatchInput = {
        positions: shuffle(input.positions),
        hires: shuffle(input.hires),
      };
      for (const algorithm of ['serial', 'optimal'] as const) {
        const a = runMatching(input, algorithm);
        const b = runMatching(shuffled, algorithm);
        expect({ ...b, warnings: [] }).toEqual({ ...a, warnings: [] });
      }
    }
  });
});

/**
 * Reference min-cost max-flow (successive shortest paths with Bellman-Ford, one unit at a time),
 * slow but simple, to check the fast solver on medium instances brute force cannot reach.
 */
function referenceMinCost(
  H: number,
  quota: number[],
  candidates: { position: number; cost: number }[][],
): { assigned: number; total: number } {
  const P = quota.length;
  const N = H + P + 2;
  const S = H + P;
  const T = S + 1;
  const edges: { to: number; cap: number; cost: number }[] = [];
  const adj: number[][] = Array.from({ length: N }, () => []);
  const add = (u: number, v: number, cap: number, cost: number): void => {
    adj[u].push(edges.length);
    edges.push({ to: v, cap, cost });
    adj[v].push(edges.length);
    edges.push({ to: u, cap: 0, cost: -cost });
  };
  for (let h = 0; h < H; h++) add(S, h, 1, 0);
  for (let p = 0; p < P; p++) add(H + p, T, quota[p], 0);
  candidates.forEach((list, h) => list.forEach((c) => add(h, H + c.position, 1, c.cost)));
  let assigned = 0;
  let total = 0;
  for (;;) {
    const dist = new Array<number>(N).fill(Infinity);
    const via = new Array<number>(N).fill(-1);
    dist[S] = 0;
    for (let round = 0; round < N; round++) {
      let changed = false;
      for (let u = 0; u < N; u++) {
        if (dist[u] === Infinity) continue;
        for (const e of adj[u]) {
          const edge = edges[e];
          if (edge.cap > 0 && dist[u] + edge.cost < dist[edge.to]) {
            dist[edge.to] = dist[u] + edge.cost;
            via[edge.to] = e;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[T] === Infinity) break;
    for (let v = T; v !== S;) {
      const e = via[v];
      edges[e].cap--;
      edges[e ^ 1].cap++;
      v = edges[e ^ 1].to;
    }
    assigned++;
    total += dist[T];
  }
  return { assigned, total };
}

describe('min-cost assignment solver', () => {
  it('agrees with a reference min-cost flow on 60 medium random instances', () => {
    const random = mulberry32(2024);
    for (let n = 0; n < 60; n++) {
      const H = 20 + Math.floor(random() * 60);
      const P = 3 + Math.floor(random() * 20);
      const quota = Array.from({ length: P }, () => Math.floor(random() * 4));
      // Skewed popularity so that there is competition and long displacement chains.
      const weight = Array.from({ length: P }, () => Math.pow(random(), 3));
      const candidates = Array.from({ length: H }, () => {
        const chosen: number[] = [];
        const want = Math.min(P, 1 + Math.floor(random() * 6));
        for (let tries = 0; chosen.length < want && tries < 200; tries++) {
          let x = random() * weight.reduce((s, w) => s + w, 0);
          let p = 0;
          while (p < P - 1 && x >= weight[p]) x -= weight[p++];
          if (!chosen.includes(p)) chosen.push(p);
        }
        return chosen.map((position, i) => ({ position, cost: i + 1 }));
      });
      const start = new Int32Array(H + 1);
      candidates.forEach((c, h) => (start[h + 1] = start[h] + c.length));
      const flat = candidates.flat();
      const solution = solveMinCostAssignment({
        hires: H,
        positions: P,
        quota: Int32Array.from(quota),
        start,
        position: Int32Array.from(flat, (c) => c.position),
        cost: Int32Array.from(flat, (c) => c.cost),
      });
      const reference = referenceMinCost(H, quota, candidates);
      expect({ n, assigned: solution.assigned, total: solution.totalCost }).toEqual({
        n,
        ...reference,
      });
      // Feasibility of the returned candidates.
      const used = new Array<number>(P).fill(0);
      for (let h = 0; h < H; h++) {
        const k = solution.candidate[h];
        if (k < 0) continue;
        expect(k >= start[h] && k < start[h + 1]).toBe(true);
        used[flat[k].position]++;
      }
      used.forEach((u, p) => expect(u).toBeLessThanOrEqual(quota[p]));
    }
  });
});
