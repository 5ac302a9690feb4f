// The text the chief examiner reads out in the room when the score is published. All numbers
// have exactly two decimals. Forms (N examiners, M kept, Z = sum of the kept values, W = final):
//
// zh-CN, totals trimmed (N >= 5):
//   "N 位考官评分，去掉一个最高分 X，去掉一个最低分 Y，其余 M 位合计 Z，最后得分 W"
// zh-CN, per dimension trimmed (N >= 5):
//   "N 位考官评分，各评分要素分别去掉一个最高分和一个最低分，其余 M 位合计 Z，最后得分 W"
// zh-CN, plain mean (N < 5):
//   "N 位考官评分，合计 Z，平均得分 W"
// en, in the same three cases:
//   "N examiners scored. Highest score X and lowest score Y dropped; the remaining M total Z. Final score: W."
//   "N examiners scored. The highest and lowest marks were dropped in each dimension; the remaining M total Z. Final score: W."
//   "N examiners scored, total Z. Final score (mean): W."
import { formatScore } from './hundredths';
import { ScoreAggregate } from './aggregate';

export type AnnouncementLocale = 'zh-CN' | 'en';

export function announcementText(
  result: ScoreAggregate,
  locale: AnnouncementLocale = 'zh-CN',
): string {
  const n = result.examinerCount;
  const m = result.keptCount;
  const kept = formatScore(result.keptSum);
  const final = formatScore(result.finalScore);
  const { highest, lowest } = result.dropped;
  const examiners = n === 1 ? '1 examiner' : `${n} examiners`;

  if (!result.trimmed) {
    return locale === 'zh-CN'
      ? `${n} 位考官评分，合计 ${kept}，平均得分 ${final}`
      : `${examiners} scored, total ${kept}. Final score (mean): ${final}.`;
  }
  if (result.method === 'per-dimension-trimmed-mean') {
    return locale === 'zh-CN'
      ? `${n} 位考官评分，各评分要素分别去掉一个最高分和一个最低分，其余 ${m} 位合计 ${kept}，最后得分 ${final}`
      : `${examiners} scored. The highest and lowest marks were dropped in each dimension; ` +
          `the remaining ${m} total ${kept}. Final score: ${final}.`;
  }
  if (!highest || !lowest) {
    throw new Error('a trimmed total-trimmed-mean result must name the dropped totals');
  }
  const high = formatScore(highest.total);
  const low = formatScore(lowest.total);
  return locale === 'zh-CN'
    ? `${n} 位考官评分，去掉一个最高分 ${high}，去掉一个最低分 ${low}，其余 ${m} 位合计 ${kept}，最后得分 ${final}`
    : `${examiners} scored. Highest score ${high} and lowest score ${low} dropped; ` +
        `the remaining ${m} total ${kept}. Final score: ${final}.`;
}
