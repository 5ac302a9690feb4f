// Turning a panel's marks into the candidate's score.
//
// 'total-trimmed-mean' (the usual "gymnastics" rule): each examiner's total is the sum of their
// marks; with five or more examiners the single highest and single lowest totals are dropped and
// the rest averaged; with fewer than five, all totals are averaged.
// 'per-dimension-trimmed-mean': the same trimming applied to each dimension's marks separately;
// the kept marks of all dimensions are summed and divided by the number kept per dimension.
//
// Ties: when several examiners share the highest (or lowest) value, only one is dropped, the one
// whose examinerId sorts first (plain code-unit order). The lowest is chosen among the examiners
// left after removing the highest, so when all are equal two different examiners are dropped.
// The final score is the exact mean rounded half up to two decimals, once, at the end.
import { compareIds } from '../draw/ids';
import { fromHundredths, meanHundredthsRoundedHalfUp } from './hundredths';
import { ExaminerMarks, Rubric, ScoringError, marksInHundredths, validateRubric } from './rubric';

export type AggregationMethod = 'total-trimmed-mean' | 'per-dimension-trimmed-mean';

export const AGGREGATION_METHODS: readonly AggregationMethod[] = [
  'total-trimmed-mean',
  'per-dimension-trimmed-mean',
];

/** From this many examiners on, one highest and one lowest value are dropped. */
export const TRIM_MIN_EXAMINERS = 5;

export interface ExaminerTotal {
  examinerId: string;
  total: number;
}

export interface ExaminerMark {
  examinerId: string;
  mark: number;
}

export interface DimensionAggregate {
  key: string;
  dropped: { highest?: ExaminerMark; lowest?: ExaminerMark };
  /** Sum of the kept marks of this dimension. */
  keptSum: number;
  /** keptSum / keptCount rounded half up to two decimals, for display only. */
  mean: number;
}

export interface ScoreAggregate {
  method: AggregationMethod;
  examinerCount: number;
  /** Whether the highest and lowest were dropped (examinerCount >= TRIM_MIN_EXAMINERS). */
  trimmed: boolean;
  /** Every examiner's total, in examinerId order. */
  totals: ExaminerTotal[];
  /** The dropped totals ('total-trimmed-mean' with five or more examiners only). */
  dropped: { highest?: ExaminerTotal; lowest?: ExaminerTotal };
  /** How many examiners' values count (per dimension, for the per-dimension method). */
  keptCount: number;
  /** Sum of the kept totals (or of all kept marks, for the per-dimension method). */
  keptSum: number;
  /** keptSum / keptCount rounded half up to two decimals. */
  finalScore: number;
  /** Per-dimension detail ('per-dimension-trimmed-mean' only). */
  dimensions?: DimensionAggregate[];
}

interface Valued {
  examinerId: string;
  hundredths: number;
}

interface Trim {
  kept: Valued[];
  highest?: Valued;
  lowest?: Valued;
}

/** Drops one highest and one lowest value when there are enough examiners (see module comment). */
function trimExtremes(values: readonly Valued[]): Trim {
  if (values.length < TRIM_MIN_EXAMINERS) return { kept: [...values] };
  const byIdFirst = [...values].sort((a, b) => compareIds(a.examinerId, b.examinerId));
  const highest = byIdFirst.reduce((best, v) => (v.hundredths > best.hundredths ? v : best));
  const rest = byIdFirst.filter((v) => v !== highest);
  const lowest = rest.reduce((worst, v) => (v.hundredths < worst.hundredths ? v : worst));
  return { kept: rest.filter((v) => v !== lowest), highest, lowest };
}

const sumOf = (values: readonly Valued[]) => values.reduce((sum, v) => sum + v.hundredths, 0);
const asTotal = (v: Valued): ExaminerTotal => ({
  examinerId: v.examinerId,
  total: fromHundredths(v.hundredths),
});
const asMark = (v: Valued): ExaminerMark => ({
  examinerId: v.examinerId,
  mark: fromHundredths(v.hundredths),
});

export function aggregateScores(
  rubric: Rubric,
  sheets: readonly ExaminerMarks[],
  method: AggregationMethod = 'total-trimmed-mean',
): ScoreAggregate {
  if (!AGGREGATION_METHODS.includes(method)) {
    throw new ScoringError(`unknown aggregation method '${method}'`);
  }
  const rubricProblems = validateRubric(rubric);
  if (rubricProblems.length > 0) throw new ScoringError('invalid rubric', rubricProblems);
  if (sheets.length === 0) throw new ScoringError('no examiner has marked this candidate');
  const seen = new Set<string>();
  for (const { examinerId } of sheets) {
    if (examinerId.length === 0) throw new ScoringError('an examinerId is empty');
    if (seen.has(examinerId)) throw new ScoringError(`examiner '${examinerId}' marked twice`);
    seen.add(examinerId);
  }

  const sorted = [...sheets].sort((a, b) => compareIds(a.examinerId, b.examinerId));
  const marks = sorted.map((sheet) => ({
    examinerId: sheet.examinerId,
    perDimension: marksInHundredths(rubric, sheet),
  }));
  const totals: Valued[] = marks.map(({ examinerId, perDimension }) => ({
    examinerId,
    hundredths: perDimension.reduce((sum, mark) => sum + mark, 0),
  }));
  const examinerCount = sheets.length;
  const trimmed = examinerCount >= TRIM_MIN_EXAMINERS;
  const keptCount = trimmed ? examinerCount - 2 : examinerCount;
  const base = { method, examinerCount, trimmed, totals: totals.map(asTotal), keptCount };

  if (method === 'total-trimmed-mean') {
    const trim = trimExtremes(totals);
    const keptSum = sumOf(trim.kept);
    return {
      ...base,
      dropped: {
        ...(trim.highest && { highest: asTotal(trim.highest) }),
        ...(trim.lowest && { lowest: asTotal(trim.lowest) }),
      },
      keptSum: fromHundredths(keptSum),
      finalScore: fromHundredths(meanHundredthsRoundedHalfUp(keptSum, keptCount)),
    };
  }

  let keptSum = 0;
  const dimensions = rubric.dimensions.map(({ key }, index): DimensionAggregate => {
    const trim = trimExtremes(
      marks.map(({ examinerId, perDimension }) => ({
        examinerId,
        hundredths: perDimension[index],
      })),
    );
    const dimensionSum = sumOf(trim.kept);
    keptSum += dimensionSum;
    return {
      key,
      dropped: {
        ...(trim.highest && { highest: asMark(trim.highest) }),
        ...(trim.lowest && { lowest: asMark(trim.lowest) }),
      },
      keptSum: fromHundredths(dimensionSum),
      mean: fromHundredths(meanHundredthsRoundedHalfUp(dimensionSum, keptCount)),
    };
  });
  return {
    ...base,
    dropped: {},
    keptSum: fromHundredths(keptSum),
    // One rounding of the exact sum of the per-dimension means (all share the denominator).
    finalScore: fromHundredths(meanHundredthsRoundedHalfUp(keptSum, keptCount)),
    dimensions,
  };
}
