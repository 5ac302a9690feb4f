// Deterministic generator of a realistic matching instance for the benchmark.
import type { MatchHire, MatchInput, MatchPosition } from '../../libs/domain/src/matching';

/** mulberry32: a small, fast, seedable 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * First-level discipline codes (GB/T 13745 style 4-digit codes of the national catalogue) that a
 * city's talent drive typically recruits for; embedded so the benchmark runs in a clean clone.
 */
export const BENCH_DISCIPLINES = [
  '0201', // 理论经济学
  '0202', // 应用经济学
  '0301', // 法学
  '0302', // 政治学
  '0305', // 马克思主义理论
  '0401', // 教育学
  '0501', // 中国语言文学
  '0502', // 外国语言文学
  '0602', // 中国史
  '0701', // 数学
  '0702', // 物理学
  '0703', // 化学
  '0710', // 生物学
  '0802', // 机械工程
  '0808', // 电气工程
  '0810', // 信息与通信工程
  '0812', // 计算机科学与技术
  '0814', // 土木工程
  '0817', // 化学工程与技术
  '0830', // 环境科学与工程
  '0835', // 软件工程
  '0901', // 作物学
  '0903', // 农业资源与环境
  '1001', // 基础医学
  '1002', // 临床医学
  '1004', // 公共卫生与预防医学
  '1007', // 药学
  '1201', // 管理科学与工程
  '1202', // 工商管理
  '1204', // 公共管理
];

export interface BenchOptions {
  hires: number;
  positions: number;
  /** Total quota over all positions (exact). */
  seats: number;
  preferences: number;
  seed: number;
  /** Exponent of the positions' Zipf-like attractiveness (0: uniform; higher: more skewed). */
  skew: number;
}

export const DEFAULT_BENCH: BenchOptions = {
  hires: 10_000,
  positions: 2_000,
  seats: 10_000,
  preferences: 10,
  seed: 20200601,
  skew: 1.1,
};

/** Picks an index with probability proportional to weights (cumulative array, binary search). */
function pick(cumulative: Float64Array, random: () => number): number {
  const x = random() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

/**
 * Hires and positions share a skewed discipline mix (a few large disciplines, a long tail);
 * each position accepts 1-3 disciplines and has >= 1 seat, with extra seats spread at random so
 * the quotas sum exactly to `seats`; positions have a Zipf-like attractiveness (a city-level
 * hospital or university is wanted by many) and each hire lists `preferences` distinct positions
 * open to their discipline, drawn by attractiveness, so popular positions are over-subscribed.
 * Ranks come from scores rounded to 2 decimals (so there are ties), with a lot for tie-breaks.
 */
export function generateInstance(options: BenchOptions = DEFAULT_BENCH): MatchInput {
  const random = mulberry32(options.seed);
  const D = BENCH_DISCIPLINES.length;
  const disciplineMix = cumulate(BENCH_DISCIPLINES.map((_, i) => 1 / Math.pow(i + 1, 0.6)));
  const shuffledCodes = [...BENCH_DISCIPLINES];
  for (let i = D - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffledCodes[i], shuffledCodes[j]] = [shuffledCodes[j], shuffledCodes[i]];
  }

  // Positions: the first 12 per discipline guarantee enough choices for every discipline.
  const positions: MatchPosition[] = [];
  const quotas = new Array<number>(options.positions).fill(1);
  for (let p = 0; p < options.positions; p++) {
    const primary = p < 12 * D ? shuffledCodes[p % D] : shuffledCodes[pick(disciplineMix, random)];
    const accepted = new Set([primary]);
    const extra = random() < 0.5 ? 0 : random() < 0.6 ? 1 : 2;
    for (let k = 0; k < extra; k++) accepted.add(BENCH_DISCIPLINES[Math.floor(random() * D)]);
    positions.push({
      id: `P${String(p + 1).padStart(4, '0')}`,
      quota: 0,
      disciplines: [...accepted],
      unit: `Unit ${1 + Math.floor(random() * 400)}`,
      level: random() < 0.35 ? 'city' : 'county',
    });
  }
  for (let s = options.positions; s < options.seats; s++) {
    quotas[Math.floor(random() * options.positions)]++;
  }
  positions.forEach((p, i) => (p.quota = quotas[i]));

  const attractiveness = positions.map(() => 1 / Math.pow(1 + random() * 99, options.skew));
  const openTo = new Map<string, { ids: string[]; cumulative: Float64Array }>();
  for (const code of BENCH_DISCIPLINES) {
    const open = positions
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.disciplines.includes(code));
    openTo.set(code, {
      ids: open.map(({ p }) => p.id),
      cumulative: cumulate(open.map(({ i }) => attractiveness[i])),
    });
  }

  const scores = Array.from(
    { length: options.hires },
    () => Math.round(6000 + random() * 3500) / 100,
  );
  const sorted = [...scores].sort((a, b) => b - a);
  const rankOf = new Map<number, number>();
  sorted.forEach((score, i) => {
    if (!rankOf.has(score)) rankOf.set(score, i + 1);
  });
  const lots = Array.from({ length: options.hires }, (_, i) => i + 1);
  for (let i = lots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lots[i], lots[j]] = [lots[j], lots[i]];
  }

  const hires: MatchHire[] = scores.map((score, h) => {
    const discipline = shuffledCodes[pick(disciplineMix, random)];
    const open = openTo.get(discipline);
    if (!open || open.ids.length < options.preferences) {
      throw new Error(`not enough positions for discipline ${discipline}`);
    }
    const chosen = new Set<string>();
    while (chosen.size < options.preferences) chosen.add(open.ids[pick(open.cumulative, random)]);
    return {
      id: `H${String(h + 1).padStart(5, '0')}`,
      rank: rankOf.get(score) ?? 1,
      lot: lots[h],
      discipline,
      preferences: [...chosen],
    };
  });
  return { positions, hires };
}
