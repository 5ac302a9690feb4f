import { aggregateScores, announcementText, validateRubric } from '@yunzhao/domain';
import { DEMO_RUBRIC } from './demo-rubric';
import { asRubric } from './rubrics.service';
import { maySeePanelMarks, ScoringPart } from './scoring-access';

describe('the demo rubric', () => {
  it('is the 100-point structured-interview sheet of the case, and valid', () => {
    expect(DEMO_RUBRIC.map((d) => [d.key, d.max])).toEqual([
      ['analysis', 17],
      ['expression', 17],
      ['adaptability', 14],
      ['planning', 14],
      ['interpersonal', 13],
      ['emotionalControl', 10],
      ['motivation', 7],
      ['bearing', 8],
    ]);
    expect(DEMO_RUBRIC.reduce((sum, d) => sum + d.max, 0)).toBe(100);
    expect(validateRubric(asRubric(DEMO_RUBRIC))).toEqual([]);
  });

  it('has bands that cover 0..max without overlapping', () => {
    for (const dimension of DEMO_RUBRIC) {
      const bands = [...dimension.bands].sort((a, b) => a.min - b.min);
      expect(bands[0].min).toBe(0);
      expect(bands.at(-1)?.max).toBe(dimension.max);
      for (let i = 1; i < bands.length; i++) {
        expect(Math.round((bands[i].min - bands[i - 1].max) * 100)).toBe(1);
      }
    }
  });

  it('aggregates and announces through the domain functions', () => {
    const full = Object.fromEntries(DEMO_RUBRIC.map((d) => [d.key, d.max]));
    const result = aggregateScores(asRubric(DEMO_RUBRIC), [{ examinerId: 'E1', marks: full }]);
    expect(announcementText(result)).toBe('1 位考官评分，合计 100.00，平均得分 100.00');
  });
});

describe('who sees the panel marks', () => {
  it.each<[ScoringPart, boolean, boolean]>([
    ['examiner', false, false],
    ['examiner', true, true],
    ['chief_examiner', false, true],
    ['score_clerk', false, true],
    ['supervisor', false, true],
    ['proctor', true, false],
    ['candidate', true, false],
    [null, true, false],
  ])('%s, published %s → %s', (part, published, allowed) => {
    expect(maySeePanelMarks(part, published)).toBe(allowed);
  });
});
