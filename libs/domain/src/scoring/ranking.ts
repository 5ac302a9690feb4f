// Ranking candidates by their published score, with shared ranks for ties.
import { compareIds } from '../draw/ids';
import { toHundredths } from './hundredths';

export interface ScoreEntry {
  id: string;
  score: number;
}

export interface RankedEntry extends ScoreEntry {
  /** Competition ranking ("1224"): tied entries share a rank and the next rank is skipped. */
  rank: number;
  /** True when at least one other entry has the same score. */
  tied: boolean;
}

/**
 * Highest score first. Scores are compared to the hundredth, the precision they are announced
 * with; entries with equal scores are listed in id order (plain code-unit comparison).
 */
export function rankResults(entries: readonly ScoreEntry[]): RankedEntry[] {
  const seen = new Set<string>();
  const keyed = entries.map((entry) => {
    if (seen.has(entry.id)) throw new RangeError(`'${entry.id}' appears twice`);
    seen.add(entry.id);
    if (!Number.isFinite(entry.score)) {
      throw new RangeError(`'${entry.id}' has no finite score (${entry.score})`);
    }
    return { entry, hundredths: toHundredths(entry.score) ?? Math.round(entry.score * 100) };
  });
  keyed.sort((a, b) => b.hundredths - a.hundredths || compareIds(a.entry.id, b.entry.id));

  const countByScore = new Map<number, number>();
  for (const { hundredths } of keyed) {
    countByScore.set(hundredths, (countByScore.get(hundredths) ?? 0) + 1);
  }
  let rank = 0;
  return keyed.map(({ entry, hundredths }, index) => {
    if (index === 0 || hundredths !== keyed[index - 1].hundredths) rank = index + 1;
    return {
      id: entry.id,
      score: entry.score,
      rank,
      tied: (countByScore.get(hundredths) ?? 0) > 1,
    };
  });
}
