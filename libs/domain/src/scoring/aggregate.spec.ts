import { AggregationMethod, aggregateScores } from './aggregate';
import { announcementText } from './announcement';
import { ExaminerMarks, Rubric, ScoringError } from './rubric';

// The 100-point structured-interview sheet of issue 7.
const SHEET: Rubric = {
  dimensions: [
    { key: 'analysis', label: '综合分析能力', max: 17 },
    { key: 'expression', label: '言语表达能力', max: 17 },
    { key: 'adaptability', label: '应变能力', max: 14 },
    { key: 'planning', label: '计划组织协调能力', max: 14 },
    { key: 'interpersonal', label: '人际交往意识与技巧', max: 13 },
    { key: 'emotionalControl', label: '情绪稳定性', max: 10 },
    { key: 'motivation', label: '求职动机与拟任职位的匹配性', max: 7 },
    { key: 'bearing', label: '举止仪表', max: 8 },
  ],
};
const KEYS = SHEET.dimensions.map((dimension) => dimension.key);

/** A sheet from marks listed in rubric order. */
function marks(examinerId: string, values: readonly number[]): ExaminerMarks {
  return { examinerId, marks: Object.fromEntries(KEYS.map((key, i) => [key, values[i]])) };
}

/**
 * A sheet whose marks add up to `total` (not within a few hundredths of 100): each dimension gets
 * the same share of its maximum, rounded down to the hundredth; the last takes the remainder.
 */
function withTotal(examinerId: string, total: number): ExaminerMarks {
  const target = Math.round(total * 100);
  const values = SHEET.dimensions.map(({ max }) => Math.floor((max * target) / 100));
  values[values.length - 1] += target - values.reduce((sum, value) => sum + value, 0);
  return marks(
    examinerId,
    values.map((value) => value / 100),
  );
}

const panel = (totals: Record<string, number>) =>
  Object.entries(totals).map(([examinerId, total]) => withTotal(examinerId, total));

describe('total-trimmed-mean', () => {
  it('five examiners: drops one highest and one lowest total, averages the other three', () => {
    const sheets = [
      marks('E1', [15, 14.5, 12, 12, 11, 8.5, 6, 6]), // 85
      marks('E2', [16, 15, 12.5, 12, 11, 8, 6.5, 7]), // 88
      marks('E3', [16, 16, 13, 12.5, 11.5, 9, 6, 6.5]), // 90.5
      marks('E4', [14, 14, 11, 11, 10, 8, 5, 6]), // 79
      marks('E5', [17, 16, 13, 13, 12, 9, 6, 6]), // 92
    ];
    const result = aggregateScores(SHEET, sheets);
    expect(result).toEqual({
      method: 'total-trimmed-mean',
      examinerCount: 5,
      trimmed: true,
      totals: [
        { examinerId: 'E1', total: 85 },
        { examinerId: 'E2', total: 88 },
        { examinerId: 'E3', total: 90.5 },
        { examinerId: 'E4', total: 79 },
        { examinerId: 'E5', total: 92 },
      ],
      dropped: {
        highest: { examinerId: 'E5', total: 92 },
        lowest: { examinerId: 'E4', total: 79 },
      },
      keptCount: 3,
      keptSum: 263.5,
      finalScore: 87.83, // 263.5 / 3 = 87.8333…
    });
    expect(announcementText(result)).toBe(
      '5 位考官评分，去掉一个最高分 92.00，去掉一个最低分 79.00，其余 3 位合计 263.50，最后得分 87.83',
    );
    expect(announcementText(result, 'en')).toBe(
      '5 examiners scored. Highest score 92.00 and lowest score 79.00 dropped; ' +
        'the remaining 3 total 263.50. Final score: 87.83.',
    );
  });

  it('seven examiners: keeps five', () => {
    const result = aggregateScores(
      SHEET,
      panel({ A: 81.5, B: 77, C: 90.25, D: 84, E: 86.75, F: 95, G: 70.5 }),
    );
    expect(result.dropped).toEqual({
      highest: { examinerId: 'F', total: 95 },
      lowest: { examinerId: 'G', total: 70.5 },
    });
    expect(result.keptCount).toBe(5);
    expect(result.keptSum).toBe(419.5); // 81.5 + 77 + 90.25 + 84 + 86.75
    expect(result.finalScore).toBe(83.9);
    expect(announcementText(result)).toBe(
      '7 位考官评分，去掉一个最高分 95.00，去掉一个最低分 70.50，其余 5 位合计 419.50，最后得分 83.90',
    );
  });

  it('three examiners: the plain mean, nothing dropped', () => {
    const result = aggregateScores(SHEET, panel({ A: 80, B: 85.5, C: 90 }));
    expect(result).toMatchObject({
      examinerCount: 3,
      trimmed: false,
      dropped: {},
      keptCount: 3,
      keptSum: 255.5,
      finalScore: 85.17, // 85.1666…
    });
    expect(announcementText(result)).toBe('3 位考官评分，合计 255.50，平均得分 85.17');
    expect(announcementText(result, 'en')).toBe(
      '3 examiners scored, total 255.50. Final score (mean): 85.17.',
    );
  });

  it('four examiners are still averaged plainly; a single examiner is their own score', () => {
    const four = aggregateScores(SHEET, panel({ A: 60, B: 99, C: 70, D: 71 }));
    expect(four).toMatchObject({ trimmed: false, keptCount: 4, finalScore: 75 });
    const one = aggregateScores(SHEET, panel({ solo: 66.66 }));
    expect(one.finalScore).toBe(66.66);
    expect(announcementText(one, 'en')).toBe(
      '1 examiner scored, total 66.66. Final score (mean): 66.66.',
    );
  });

  it('ties at the top: drops only one of them, the first in examinerId order', () => {
    // E3 is listed first, but E1 sorts first
    const result = aggregateScores(SHEET, panel({ E3: 90, E2: 84, E1: 90, E4: 80, E5: 75 }));
    expect(result.dropped).toEqual({
      highest: { examinerId: 'E1', total: 90 },
      lowest: { examinerId: 'E5', total: 75 },
    });
    expect(result.keptSum).toBe(254); // 90 (E3) + 84 + 80
    expect(result.finalScore).toBe(84.67);
  });

  it('ties at the bottom: drops only one of them', () => {
    const result = aggregateScores(SHEET, panel({ B: 70, A: 88, D: 70, C: 80, E: 75 }));
    expect(result.dropped).toEqual({
      highest: { examinerId: 'A', total: 88 },
      lowest: { examinerId: 'B', total: 70 },
    });
    expect(result.keptSum).toBe(225); // 80 + 70 (D) + 75
    expect(result.finalScore).toBe(75);
  });

  it('all equal: two different examiners are dropped and the score is that total', () => {
    const result = aggregateScores(SHEET, panel({ E5: 80, E4: 80, E3: 80, E2: 80, E1: 80 }));
    expect(result.dropped).toEqual({
      highest: { examinerId: 'E1', total: 80 },
      lowest: { examinerId: 'E2', total: 80 },
    });
    expect(result.keptSum).toBe(240);
    expect(result.finalScore).toBe(80);
    expect(announcementText(result)).toBe(
      '5 位考官评分，去掉一个最高分 80.00，去掉一个最低分 80.00，其余 3 位合计 240.00，最后得分 80.00',
    );
  });

  it('sums totals exactly in hundredths (no 0.1 + 0.2 drift)', () => {
    const result = aggregateScores(SHEET, [
      marks('A', [0.1, 0.2, 0, 0, 0, 0, 0, 0]),
      marks('B', [0.1, 0.2, 0.01, 0, 0, 0, 0, 0]),
    ]);
    expect(result.totals).toEqual([
      { examinerId: 'A', total: 0.3 },
      { examinerId: 'B', total: 0.31 },
    ]);
    expect(result.finalScore).toBe(0.31); // 0.305 rounds half up
  });
});

describe('rounding half up to two decimals, exactly', () => {
  it.each<[string, Record<string, number>, number, number]>([
    // [label, totals, keptSum, finalScore]
    [
      '85.125 → 85.13 (six examiners, four kept)',
      { A: 99, B: 85, C: 85.5, D: 85, E: 85, F: 60 },
      340.5,
      85.13,
    ],
    [
      '75.085 → 75.09, where floating point gives 75.08',
      { A: 80, B: 75, C: 75.1, D: 75.12, E: 75.12, F: 70 },
      300.34,
      75.09,
    ],
    ['1.005 → 1.01, where floating point gives 1.00', { A: 1, B: 1.01 }, 2.01, 1.01],
    [
      '85.1225 → 85.12 (just below the half)',
      { A: 85.12, B: 85.12, C: 85.12, D: 85.13 },
      340.49,
      85.12,
    ],
    ['85.12333… → 85.12', { A: 85.12, B: 85.12, C: 85.13 }, 255.37, 85.12],
    ['85.12666… → 85.13', { A: 85.12, B: 85.13, C: 85.13 }, 255.38, 85.13],
  ])('%s', (_label, totals, keptSum, finalScore) => {
    const result = aggregateScores(SHEET, panel(totals));
    expect(result.keptSum).toBe(keptSum);
    expect(result.finalScore).toBe(finalScore);
  });

  it('shows why: the naive floating-point computation is off in these cases', () => {
    expect(Math.round(((1 + 1.01) / 2) * 100) / 100).toBe(1);
    expect(Math.round((300.34 / 4) * 100) / 100).toBe(75.08);
  });
});

describe('per-dimension-trimmed-mean', () => {
  // Two examiners are extreme in different dimensions, so trimming per dimension and trimming
  // totals drop different marks.
  const sheets = [
    marks('E1', [17, 6, 10, 10, 10, 8, 5, 6]), // 72, best in analysis, worst in expression
    marks('E2', [12, 12, 10, 10, 10, 8, 5, 6]), // 73
    marks('E3', [13, 13, 10, 10, 10, 8, 5, 6]), // 75
    marks('E4', [14, 14, 10, 10, 10, 8, 5, 6]), // 77
    marks('E5', [5, 17, 10, 10, 10, 8, 5, 6]), // 71, worst in analysis, best in expression
  ];

  it('trims each dimension separately, then sums, rounding once at the end', () => {
    const result = aggregateScores(SHEET, sheets, 'per-dimension-trimmed-mean');
    // analysis drops 17 (E1) and 5 (E5): keeps 12 + 13 + 14 = 39
    // expression drops 17 (E5) and 6 (E1): keeps 39
    // the other six dimensions are equal across examiners: keep 3 × (10+10+10+8+5+6) = 147
    expect(result.keptSum).toBe(225);
    expect(result.finalScore).toBe(75);
    expect(result.dropped).toEqual({});
    expect(result.dimensions?.[0]).toEqual({
      key: 'analysis',
      dropped: { highest: { examinerId: 'E1', mark: 17 }, lowest: { examinerId: 'E5', mark: 5 } },
      keptSum: 39,
      mean: 13,
    });
    expect(result.dimensions?.[1].dropped).toEqual({
      highest: { examinerId: 'E5', mark: 17 },
      lowest: { examinerId: 'E1', mark: 6 },
    });
    // equal marks: the first two examiners in id order are the ones dropped
    expect(result.dimensions?.[2].dropped).toEqual({
      highest: { examinerId: 'E1', mark: 10 },
      lowest: { examinerId: 'E2', mark: 10 },
    });
    expect(announcementText(result)).toBe(
      '5 位考官评分，各评分要素分别去掉一个最高分和一个最低分，其余 3 位合计 225.00，最后得分 75.00',
    );
    expect(announcementText(result, 'en')).toBe(
      '5 examiners scored. The highest and lowest marks were dropped in each dimension; ' +
        'the remaining 3 total 225.00. Final score: 75.00.',
    );
  });

  it('differs from trimming totals on the same marks', () => {
    const byTotal = aggregateScores(SHEET, sheets, 'total-trimmed-mean');
    // drops E4 (77) and E5 (71): keeps 72 + 73 + 75 = 220
    expect(byTotal.keptSum).toBe(220);
    expect(byTotal.finalScore).toBe(73.33);
  });

  it('rounds the sum of the per-dimension means once, not each mean', () => {
    // Each of two dimensions has mean x.005 over two examiners: rounding each would add 0.01 twice
    const rubric: Rubric = {
      dimensions: [
        { key: 'a', label: 'A', max: 10 },
        { key: 'b', label: 'B', max: 10 },
      ],
    };
    const result = aggregateScores(
      rubric,
      [
        { examinerId: 'X', marks: { a: 1, b: 2 } },
        { examinerId: 'Y', marks: { a: 1.01, b: 2.01 } },
      ],
      'per-dimension-trimmed-mean',
    );
    expect(result.dimensions?.map((dimension) => dimension.mean)).toEqual([1.01, 2.01]);
    expect(result.finalScore).toBe(3.01); // (2.01 + 4.01) / 2 = 3.01 exactly, not 1.01 + 2.01 = 3.02
    expect(announcementText(result)).toBe('2 位考官评分，合计 6.02，平均得分 3.01');
  });

  it('with fewer than five examiners is the plain mean, like the total method', () => {
    const three = sheets.slice(0, 3);
    const perDimension = aggregateScores(SHEET, three, 'per-dimension-trimmed-mean');
    const byTotal = aggregateScores(SHEET, three, 'total-trimmed-mean');
    expect(perDimension.finalScore).toBe(byTotal.finalScore);
    expect(perDimension.keptSum).toBe(byTotal.keptSum);
    expect(perDimension.dimensions?.every((d) => d.dropped.highest === undefined)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses invalid marks, naming the examiner and every problem', () => {
    const bad = marks('E2', [18, -1, 12, 12, 11, 8, 6, 6.555]);
    expect(() => aggregateScores(SHEET, [withTotal('E1', 80), bad])).toThrow(ScoringError);
    expect(() => aggregateScores(SHEET, [withTotal('E1', 80), bad])).toThrow(
      "invalid marks from examiner 'E2': analysis: 18 is outside 0..17; " +
        'expression: -1 is outside 0..17; bearing: 6.555 has more than two decimals',
    );
  });

  it('refuses a missing dimension', () => {
    const { bearing: _omitted, ...partial } = withTotal('E1', 80).marks;
    expect(() => aggregateScores(SHEET, [{ examinerId: 'E1', marks: partial }])).toThrow(
      /bearing: no mark given/,
    );
  });

  it('refuses an examiner twice, an empty panel, an unknown method and a broken rubric', () => {
    expect(() => aggregateScores(SHEET, panel({ A: 80 }).concat(panel({ A: 81 })))).toThrow(
      "examiner 'A' marked twice",
    );
    expect(() => aggregateScores(SHEET, [])).toThrow('no examiner has marked this candidate');
    expect(() =>
      aggregateScores(SHEET, panel({ A: 80 }), 'median' as unknown as AggregationMethod),
    ).toThrow("unknown aggregation method 'median'");
    const broken: Rubric = { dimensions: [{ key: 'a', label: 'A', max: 0 }] };
    expect(() => aggregateScores(broken, [{ examinerId: 'A', marks: { a: 0 } }])).toThrow(
      /invalid rubric: dimension 'a': max must be a positive number/,
    );
  });
});
