import { ScoringError, Rubric, examinerTotal, validateMarks, validateRubric } from './rubric';

const RUBRIC: Rubric = {
  dimensions: [
    { key: 'analysis', label: '综合分析能力', max: 17 },
    { key: 'expression', label: '言语表达能力', max: 17 },
    { key: 'bearing', label: '举止仪表', max: 8 },
  ],
};

describe('validateMarks', () => {
  it('accepts every dimension within 0..max with up to two decimals, bounds included', () => {
    expect(validateMarks(RUBRIC, { analysis: 17, expression: 0, bearing: 7.25 })).toEqual([]);
    expect(validateMarks(RUBRIC, { analysis: 16.1, expression: 8.15, bearing: 0.01 })).toEqual([]);
  });

  it('reports each problem per dimension, in rubric order, unknown keys last', () => {
    expect(validateMarks(RUBRIC, { expression: 17.01, bearing: 3.333, charisma: 5 })).toEqual([
      { dimensionKey: 'analysis', code: 'missing', message: 'analysis: no mark given' },
      {
        dimensionKey: 'expression',
        code: 'out-of-range',
        message: 'expression: 17.01 is outside 0..17',
      },
      {
        dimensionKey: 'bearing',
        code: 'too-many-decimals',
        message: 'bearing: 3.333 has more than two decimals',
      },
      {
        dimensionKey: 'charisma',
        code: 'unknown-dimension',
        message: 'charisma: not a dimension of this rubric',
      },
    ]);
  });

  it('refuses negative marks, non-numbers, NaN and infinities', () => {
    const problems = validateMarks(RUBRIC, {
      analysis: -0.5,
      expression: '12',
      bearing: Number.NaN,
    });
    expect(problems.map((problem) => problem.code)).toEqual([
      'out-of-range',
      'not-a-number',
      'not-a-number',
    ]);
    const infinite = validateMarks(RUBRIC, { analysis: Infinity, expression: 1, bearing: 1 });
    expect(infinite.map((problem) => problem.code)).toEqual(['not-a-number']);
  });

  it('does not treat inherited properties as marks', () => {
    const problems = validateMarks({ dimensions: [{ key: 'toString', label: 'x', max: 5 }] }, {});
    expect(problems).toEqual([
      { dimensionKey: 'toString', code: 'missing', message: 'toString: no mark given' },
    ]);
  });
});

describe('examinerTotal', () => {
  it('sums the marks exactly', () => {
    const total = examinerTotal(RUBRIC, {
      examinerId: 'E1',
      marks: { analysis: 0.1, expression: 0.2, bearing: 7.07 },
    });
    expect(total).toBe(7.37);
  });

  it('throws a ScoringError listing the problems', () => {
    const invalid = { examinerId: 'E9', marks: { analysis: 20, expression: 1 } };
    expect(() => examinerTotal(RUBRIC, invalid)).toThrow(ScoringError);
    try {
      examinerTotal(RUBRIC, invalid);
    } catch (error) {
      expect((error as ScoringError).problems).toEqual([
        'analysis: 20 is outside 0..17',
        'bearing: no mark given',
      ]);
    }
  });
});

describe('validateRubric', () => {
  it('accepts the rubric and refuses empty, duplicate and non-positive dimensions', () => {
    expect(validateRubric(RUBRIC)).toEqual([]);
    expect(validateRubric({ dimensions: [] })).toEqual(['a rubric needs at least one dimension']);
    expect(
      validateRubric({
        dimensions: [
          { key: 'a', label: 'A', max: 10 },
          { key: 'a', label: 'A again', max: 10 },
          { key: '', label: 'nameless', max: 2.555 },
        ],
      }),
    ).toEqual([
      "dimension 'a' appears twice",
      'a dimension key is empty',
      "dimension '': max must be a positive number with at most two decimals",
    ]);
  });
});
