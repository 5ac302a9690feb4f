// Exact min-cost max-flow for the hire/position assignment problem.
//
// Network: source -> hire (capacity 1, cost 0) -> position (capacity 1, cost = the candidate's
// cost, here the 1-based choice number) -> sink (capacity = quota, cost 0). The residual network
// is kept implicitly, specialised to this bipartite shape: a hire's residual edges are its unused
// candidates and (when placed) the way back to its position; a position's are its current
// occupants and, while it has a free seat, the sink. A position with many applicants but few
// seats therefore stays cheap to expand.
//
// Method: primal-dual (successive shortest paths, many augmentations per phase). Each phase
// runs one Dijkstra on reduced costs backwards from the sink (binary heap on typed arrays,
// stopped at the first free hire, relaxations beyond the best bound pruned) and raises the node
// potentials (clamped, which keeps every residual reduced cost >= 0). It then augments along
// paths of the "admissible" subgraph (residual edges of reduced cost 0) until none is left:
// rounds of iterative DFS from the positions with a free seat towards free hires, each node
// entered at most once per round; a node proven unable to reach a free hire stays excluded for
// the rest of the phase. Every augmenting path is a shortest path, so after each phase the flow
// is a minimum-cost flow of its value; the loop ends when no free hire can reach a free seat,
// i.e. at maximum flow. Result: the maximum number of hires is placed and, among all such
// assignments, the total cost is minimal. The sink's potential grows by at least 1 per phase,
// so there are few phases when costs are small (choices 1..10).
//
// Deterministic tie-breaks among equally good optima (documented contract of `optimal`), both
// exact, using the final potentials (optimal duals): every alternative optimum differs from ours
// by zero-cost residual cycles, and those are exactly the cycles of zero-reduced-cost edges.
//  1. Placed set: for every unplaced hire, best first, if some worse-ranked placed hire can be
//     swapped out along a zero-cost cycle through the source, the worst such hire is swapped out
//     (repeated until nothing changes). The sets of hires placed together in an optimum form the
//     bases of a matroid, so this greedy result is the lexicographically best set in serial
//     order (rank, lot, id; the caller passes hires in that order).
//  2. Seats: then, hire by hire in serial order, each gets the best choice that a zero-cost cycle
//     avoiding the source and the hires already settled can give them, and is settled: a serial
//     dictatorship restricted to the optimal assignments with that placed set.
// The unit tests check count, total and both tie-breaks against brute force.

export interface AssignmentProblem {
  hires: number;
  positions: number;
  /** Seats per position (>= 0). */
  quota: Int32Array;
  /** CSR: hire h's candidates are indexes start[h] .. start[h+1]-1 of `position` and `cost`. */
  start: Int32Array;
  position: Int32Array;
  /** Non-negative integer cost of each candidate (a hire must not list a position twice). */
  cost: Int32Array;
}

export interface AssignmentSolution {
  /** Per hire: index of the chosen candidate (into problem.position), or -1 if unplaced. */
  candidate: Int32Array;
  assigned: number;
  totalCost: number;
  /** Number of primal-dual phases (Dijkstra runs that reached the sink). */
  phases: number;
  /** Number of augmentation rounds that found at least one path. */
  rounds: number;
  /** Number of swaps made by the exchange pass (placed set). */
  exchanges: number;
  /** Number of zero-cost cycles applied by the choice pass. */
  improvements: number;
}

const INF = 0x3fffffff;

export function solveMinCostAssignment(
  problem: AssignmentProblem,
  options: { favourEarlierHires?: boolean } = {},
): AssignmentSolution {
  const { start, position, cost } = problem;
  const H = problem.hires;
  const P = problem.positions;
  // Node ids: hire h -> h, position p -> H + p, sink -> H + P. The source is implicit: it has
  // potential 0 and its residual edges go to the free hires (whose potential stays 0).
  const T = H + P;
  const N = T + 1;

  // Applicants of position p (candidate indexes, in hire order): app[appStart[p] ..].
  const K = start[H];
  const hireOf = new Int32Array(K);
  const appStart = new Int32Array(P + 1);
  for (let h = 0; h < H; h++) {
    for (let k = start[h]; k < start[h + 1]; k++) {
      hireOf[k] = h;
      appStart[position[k] + 1]++;
    }
  }
  for (let p = 0; p < P; p++) appStart[p + 1] += appStart[p];
  const app = new Int32Array(K);
  const appFill = appStart.slice(0, P);
  for (let k = 0; k < K; k++) app[appFill[position[k]]++] = k;

  // Usable seats: a position never holds more hires than it has applicants.
  const quota = new Int32Array(P);
  for (let p = 0; p < P; p++) quota[p] = Math.min(problem.quota[p], appStart[p + 1] - appStart[p]);
  // Occupants of position p: slotHire[slotStart[p] .. slotStart[p] + used[p] - 1].
  const slotStart = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) slotStart[p + 1] = slotStart[p] + quota[p];
  const slotHire = new Int32Array(slotStart[P]);
  const used = new Int32Array(P);
  const assigned = new Int32Array(H).fill(-1); // candidate index per hire
  const slotOf = new Int32Array(H).fill(-1);

  const pot = new Int32Array(N);
  const dist = new Int32Array(N);
  const done = new Uint8Array(N);
  const heap = new Float64Array(K + H + P + 2);

  /** Moves hire h into `slot` (or a new seat when slot < 0) of position p through candidate k. */
  const seat = (h: number, k: number, p: number, slot: number): void => {
    const s = slot >= 0 ? slot : slotStart[p] + used[p]++;
    slotHire[s] = h;
    slotOf[h] = s;
    assigned[h] = k;
  };

  // ---- Dijkstra on reduced costs, run backwards from the sink (over reversed residual edges)
  // until the first free hire is settled at distance D. Potentials become
  // pot + D - min(dist, D): every residual reduced cost stays >= 0, edges on shortest paths
  // become 0, free hires and the source keep potential 0. Searching from the sink explores only
  // what can reach a free seat cheaply, a small part of the network after the first phases.
  const dijkstra = (): number => {
    dist.fill(INF);
    done.fill(0);
    let size = 0;
    const push = (key: number): void => {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] <= key) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = key;
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap[--size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    };
    // Distances >= the best free-hire distance seen so far (an upper bound of D) are useless:
    // those nodes get no potential change anyway.
    let bound = INF;
    const relax = (v: number, d: number): void => {
      if (d < dist[v] && d < bound && !done[v]) {
        dist[v] = d;
        if (v < H && assigned[v] < 0) bound = d;
        push(d * N + v);
      }
    };
    dist[T] = 0;
    done[T] = 1;
    const pT = pot[T];
    for (let p = 0; p < P; p++) {
      if (used[p] < quota[p]) relax(H + p, pot[H + p] - pT);
    }
    let D = -1;
    while (size > 0) {
      const u = pop() % N;
      if (done[u]) continue;
      done[u] = 1;
      const du = dist[u] - pot[u];
      if (u < H) {
        const k = assigned[u];
        if (k < 0) {
          D = dist[u];
          break;
        }
        const q = H + position[k];
        relax(q, du - cost[k] + pot[q]);
      } else {
        for (let i = appStart[u - H], end = appStart[u - H + 1]; i < end; i++) {
          const k = app[i];
          const h = hireOf[k];
          if (k !== assigned[h]) relax(h, du + cost[k] + pot[h]);
        }
      }
    }
    if (D < 0) return -1;
    for (let v = 0; v < N; v++) {
      if (dist[v] < D) pot[v] += D - dist[v];
    }
    return D;
  };

  // ---- augmentation in the admissible subgraph (residual edges of reduced cost 0), searched
  // backwards from positions with a free seat towards free hires. A round runs an iterative DFS
  // from each such position; a node is entered at most once per round (shared marks), so a round
  // costs O(edges explored). A failed search that was not blocked by nodes of other searches
  // proves its nodes cannot reach a free hire: they stay excluded for the rest of the phase
  // (augmenting along admissible paths never makes them reachable). Any admissible path is a
  // shortest path, so any of them may be used. A round that finds nothing ends the phase.
  const mark = new Int32Array(N); // round stamp
  const owner = new Int32Array(N); // search that marked the node
  const dead = new Int32Array(N); // phase stamp
  const arc = new Int32Array(N);
  const pathNode = new Int32Array(N + 1);
  const pathVia = new Int32Array(N + 1); // candidate used from the hire at depth+1 into the node
  const searchNodes = new Int32Array(N);
  let stamp = 0;
  let search = 0;
  let phase = 0;

  // Applicants whose candidate edge into p has reduced cost 0; potentials do not change within
  // a phase, so each position's list is filtered once per phase, when first needed.
  const tight = new Int32Array(K);
  const tightStart = new Int32Array(P);
  const tightEnd = new Int32Array(P);
  const tightPhase = new Int32Array(P);
  let tightFill = 0;
  /** Returns the start of p's tight list for this phase, building it on first use. */
  const enterPosition = (p: number): number => {
    if (tightPhase[p] !== phase) {
      tightPhase[p] = phase;
      tightStart[p] = tightFill;
      const pp = pot[H + p];
      for (let i = appStart[p], end = appStart[p + 1]; i < end; i++) {
        const k = app[i];
        if (cost[k] + pot[hireOf[k]] === pp) tight[tightFill++] = k;
      }
      tightEnd[p] = tightFill;
    }
    return tightStart[p];
  };

  /** One search from position node `root`; augments and returns true when a path is found. */
  const searchFrom = (root: number): boolean => {
    search++;
    let count = 0;
    let tainted = false;
    owner[root] = search;
    searchNodes[count++] = root;
    let depth = 0;
    pathNode[0] = root;
    for (;;) {
      const u = pathNode[depth];
      let next = -1;
      if (u >= H) {
        const end = tightEnd[u - H];
        for (let i = arc[u]; i < end; i++) {
          const k = tight[i];
          const h = hireOf[k];
          if (k === assigned[h] || dead[h] === phase) continue;
          if (mark[h] === stamp) {
            if (owner[h] !== search) tainted = true;
            continue;
          }
          arc[u] = i + 1;
          pathVia[depth] = k;
          next = h;
          break;
        }
        if (next < 0) arc[u] = end;
      } else if (arc[u] === 0) {
        arc[u] = 1;
        const k = assigned[u];
        const q = H + position[k];
        if (pot[q] - cost[k] - pot[u] === 0 && dead[q] !== phase) {
          if (mark[q] !== stamp) next = q;
          else if (owner[q] !== search) tainted = true;
        }
      }
      if (next < 0) {
        if (depth === 0) break;
        depth--;
        continue;
      }
      mark[next] = stamp;
      owner[next] = search;
      searchNodes[count++] = next;
      arc[next] = next < H ? 0 : enterPosition(next - H);
      pathNode[++depth] = next;
      if (next < H && assigned[next] < 0) {
        // pathNode: p0, h1, p1, h2, ..., hj (free); hire at i moves into position at i - 1,
        // taking the seat of the hire at i - 2 (a new seat at p0 for h1). Apply from the end.
        for (let i = depth; i >= 1; i -= 2) {
          const h = pathNode[i];
          seat(h, pathVia[i - 1], pathNode[i - 1] - H, i === 1 ? -1 : slotOf[pathNode[i - 2]]);
        }
        return true;
      }
    }
    if (!tainted) {
      for (let i = 0; i < count; i++) dead[searchNodes[i]] = phase;
    }
    return false;
  };

  const round = (): number => {
    stamp++;
    let flow = 0;
    const pT = pot[T];
    for (let p = 0; p < P; p++) {
      const root = H + p;
      if (used[p] >= quota[p] || pot[root] !== pT || dead[root] === phase) continue;
      if (mark[root] === stamp) continue;
      mark[root] = stamp;
      arc[root] = enterPosition(p);
      while (used[p] < quota[p] && searchFrom(root)) flow++;
    }
    return flow;
  };

  let phases = 0;
  let rounds = 0;
  while (dijkstra() >= 0) {
    phases++;
    phase++;
    tightFill = 0;
    while (round() > 0) rounds++;
  }

  const favour = options.favourEarlierHires !== false;
  const exchanges = favour ? exchangePass() : 0;
  const improvements = favour ? choicePass() : 0;

  function exchangePass(): number {
    // A placed hire h can leave at zero cost iff its residual edge h -> source is tight
    // (pot[h] = 0); a free hire u can enter iff source -> u is tight (always: pot[u] = 0).
    // Search zero-reduced-cost residual paths u -> p1 -> h1 -> p2 -> ... -> h among hires and
    // positions (no position on them has a free seat: the flow is maximum).
    const visited = new Int32Array(N);
    const isDead = new Uint8Array(N);
    const parent = new Int32Array(N); // hire: slot it was reached through; position: candidate
    const from = new Int32Array(N);
    const queue = new Int32Array(N);
    let bfs = 0;
    let swaps = 0;
    let changed = true;
    while (changed) {
      changed = false;
      for (let u = 0; u < H; u++) {
        if (assigned[u] >= 0 || pot[u] !== 0 || start[u + 1] === start[u]) continue;
        bfs++;
        visited[u] = bfs;
        let head = 0;
        let tail = 0;
        queue[tail++] = u;
        let worst = -1;
        while (head < tail) {
          const x = queue[head++];
          const px = pot[x];
          if (x < H) {
            const own = assigned[x];
            for (let k = start[x], end = start[x + 1]; k < end; k++) {
              const v = H + position[k];
              if (k === own || visited[v] === bfs || isDead[v] || cost[k] + px - pot[v] !== 0) {
                continue;
              }
              visited[v] = bfs;
              parent[v] = k;
              from[v] = x;
              queue[tail++] = v;
            }
          } else {
            const p = x - H;
            for (let s = slotStart[p], end = s + used[p]; s < end; s++) {
              const v = slotHire[s];
              if (visited[v] === bfs || isDead[v] || px - cost[assigned[v]] - pot[v] !== 0) {
                continue;
              }
              visited[v] = bfs;
              parent[v] = s;
              from[v] = x;
              queue[tail++] = v;
              if (pot[v] === 0 && v > worst) worst = v;
            }
          }
        }
        if (worst > u) {
          // Walk back from the leaving hire: each hire on the path takes the seat of the next.
          assigned[worst] = -1;
          slotOf[worst] = -1;
          for (let h = worst; h !== u;) {
            const p = from[h];
            const prev = from[p];
            seat(prev, parent[p], p - H, parent[h]);
            h = prev;
          }
          swaps++;
          changed = true;
          isDead.fill(0);
        } else {
          // Everything reached only leads to better-ranked hires: useless for later hires too.
          for (let i = 0; i < tail; i++) isDead[queue[i]] = 1;
        }
      }
      if (changed) isDead.fill(0);
    }
    return swaps;
  }

  function choicePass(): number {
    // Serial dictatorship within the optimal face: hires in serial order each get the best choice
    // that some optimal assignment (same placed set, earlier hires kept where they are) gives
    // them, then are locked. Hire h can move to a better candidate p' iff h -> p' and p -> h
    // (p: h's position) are tight and p' reaches p through tight residual edges avoiding the
    // source and locked hires: that closes a zero-cost cycle, and every zero-cost cycle is made of
    // tight edges (reduced costs are >= 0 and sum to the cycle's cost).
    // Cycles may pass through the sink (a seat moves from one position to another).
    const locked = new Uint8Array(H);
    const visited = new Int32Array(N);
    const parent = new Int32Array(N); // hire: -1; position: candidate (or -1 from the sink)
    const from = new Int32Array(N);
    const queue = new Int32Array(N);
    const sinkTight: number[] = [];
    for (let p = 0; p < P; p++) if (pot[H + p] === pot[T]) sinkTight.push(H + p);
    const movers: number[] = [];
    let bfs = 0;
    let moves = 0;

    /** Tight path from position `source` to position `target`? Leaves parents set. */
    const reaches = (source: number, target: number, h: number): boolean => {
      bfs++;
      visited[source] = bfs;
      let head = 0;
      let tail = 0;
      queue[tail++] = source;
      while (head < tail) {
        const x = queue[head++];
        if (x === T) {
          for (const z of sinkTight) {
            if (visited[z] === bfs || used[z - H] === 0) continue;
            visited[z] = bfs;
            parent[z] = -1;
            from[z] = T;
            if (z === target) return true;
            queue[tail++] = z;
          }
        } else if (x >= H) {
          const p = x - H;
          const px = pot[x];
          if (used[p] < quota[p] && px === pot[T] && visited[T] !== bfs) {
            visited[T] = bfs;
            from[T] = x;
            queue[tail++] = T;
          }
          for (let s = slotStart[p], end = s + used[p]; s < end; s++) {
            const y = slotHire[s];
            if (y === h || locked[y] || visited[y] === bfs) continue;
            if (px - cost[assigned[y]] - pot[y] !== 0) continue;
            visited[y] = bfs;
            from[y] = x;
            queue[tail++] = y;
          }
        } else {
          const own = assigned[x];
          const py = pot[x];
          for (let k = start[x], end = start[x + 1]; k < end; k++) {
            const v = H + position[k];
            if (k === own || visited[v] === bfs || cost[k] + py - pot[v] !== 0) continue;
            visited[v] = bfs;
            parent[v] = k;
            from[v] = x;
            if (v === target) return true;
            queue[tail++] = v;
          }
        }
      }
      return false;
    };

    const unseat = (y: number): void => {
      const p = position[assigned[y]];
      const last = slotStart[p] + --used[p];
      const s = slotOf[y];
      slotHire[s] = slotHire[last];
      slotOf[slotHire[s]] = s;
      slotOf[y] = -1;
    };

    for (let h = 0; h < H; h++) {
      const own = assigned[h];
      if (own < 0) continue;
      const target = H + position[own];
      // The cycle must end with the residual edge target -> h, which must be tight as well.
      const movable = pot[target] - cost[own] - pot[h] === 0;
      for (let k = start[h]; movable && k < own; k++) {
        const source = H + position[k];
        if (cost[k] + pot[h] - pot[source] !== 0 || !reaches(source, target, h)) continue;
        // Movers: h -> source via k; every hire y on the path -> the position after it.
        movers.length = 0;
        movers.push(h, k);
        for (let v = target; v !== source;) {
          const prev = from[v];
          if (prev < H) movers.push(prev, parent[v]); // a hire moving into v
          v = prev < H ? from[prev] : prev; // step over the hire (or from the sink / position)
        }
        for (let i = 0; i < movers.length; i += 2) unseat(movers[i]);
        for (let i = 0; i < movers.length; i += 2) {
          seat(movers[i], movers[i + 1], position[movers[i + 1]], -1);
        }
        moves++;
        break;
      }
      locked[h] = 1;
    }
    return moves;
  }

  const candidate = new Int32Array(H).fill(-1);
  let placed = 0;
  let totalCost = 0;
  for (let h = 0; h < H; h++) {
    const k = assigned[h];
    if (k < 0) continue;
    candidate[h] = k;
    placed++;
    totalCost += cost[k];
  }
  return { candidate, assigned: placed, totalCost, phases, rounds, exchanges, improvements };
}
