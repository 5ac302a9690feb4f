// A rubric is the score sheet of a campaign and category: dimensions with maximum points.
import { fromHundredths, toHundredths } from './hundredths';

export interface RubricDimension {
  /** Stable key the marks are stored under, e.g. 'analysis'. */
  key: string;
  /** Shown to examiners, e.g. '综合分析能力'. */
  label: string;
  /** Maximum points for the dimension; marks range over 0..max with at most two decimals. */
  max: number;
}

export interface Rubric {
  dimensions: RubricDimension[];
}

/** One examiner's marks for one candidate, keyed by dimension key. */
export interface ExaminerMarks {
  examinerId: string;
  marks: Readonly<Record<string, number>>;
}

export type MarkProblemCode =
  'missing' | 'unknown-dimension' | 'not-a-number' | 'out-of-range' | 'too-many-decimals';

export interface MarkProblem {
  dimensionKey: string;
  code: MarkProblemCode;
  message: string;
}

/** Raised when a rubric or a score sheet is unusable; `problems` lists every reason. */
export class ScoringError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}: ${problems.join('; ')}` : message);
    this.name = 'ScoringError';
  }
}

/** Problems with the rubric itself (empty when it is usable). */
export function validateRubric(rubric: Rubric): string[] {
  const problems: string[] = [];
  if (rubric.dimensions.length === 0) problems.push('a rubric needs at least one dimension');
  const keys = new Set<string>();
  for (const dimension of rubric.dimensions) {
    if (dimension.key.length === 0) problems.push('a dimension key is empty');
    if (keys.has(dimension.key)) problems.push(`dimension '${dimension.key}' appears twice`);
    keys.add(dimension.key);
    const max = toHundredths(dimension.max);
    if (max === undefined || max <= 0) {
      problems.push(
        `dimension '${dimension.key}': max must be a positive number with at most two decimals`,
      );
    }
  }
  return problems;
}

/**
 * Every problem with one examiner's marks: each rubric dimension must be present, be a finite
 * number within 0..max and have at most two decimals; keys outside the rubric are refused.
 * Problems come in rubric order, then unknown keys in key order. Empty means valid.
 */
export function validateMarks(
  rubric: Rubric,
  marks: Readonly<Record<string, unknown>>,
): MarkProblem[] {
  const problems: MarkProblem[] = [];
  for (const { key, max } of rubric.dimensions) {
    const mark = Object.prototype.hasOwnProperty.call(marks, key) ? marks[key] : undefined;
    if (mark === undefined) {
      problems.push({ dimensionKey: key, code: 'missing', message: `${key}: no mark given` });
    } else if (typeof mark !== 'number' || !Number.isFinite(mark)) {
      problems.push({
        dimensionKey: key,
        code: 'not-a-number',
        message: `${key}: the mark must be a finite number`,
      });
    } else if (mark < 0 || mark > max) {
      problems.push({
        dimensionKey: key,
        code: 'out-of-range',
        message: `${key}: ${mark} is outside 0..${max}`,
      });
    } else if (toHundredths(mark) === undefined) {
      problems.push({
        dimensionKey: key,
        code: 'too-many-decimals',
        message: `${key}: ${mark} has more than two decimals`,
      });
    }
  }
  const known = new Set(rubric.dimensions.map((dimension) => dimension.key));
  for (const key of Object.keys(marks).sort()) {
    if (!known.has(key)) {
      problems.push({
        dimensionKey: key,
        code: 'unknown-dimension',
        message: `${key}: not a dimension of this rubric`,
      });
    }
  }
  return problems;
}

/** Marks per dimension in hundredths, in rubric order; throws ScoringError on invalid marks. */
export function marksInHundredths(rubric: Rubric, sheet: ExaminerMarks): number[] {
  const problems = validateMarks(rubric, sheet.marks);
  if (problems.length > 0) {
    throw new ScoringError(
      `invalid marks from examiner '${sheet.examinerId}'`,
      problems.map((problem) => problem.message),
    );
  }
  return rubric.dimensions.map(({ key }) => toHundredths(sheet.marks[key]) as number);
}

/** The examiner's total (sum of their marks), exact to the hundredth. */
export function examinerTotal(rubric: Rubric, sheet: ExaminerMarks): number {
  return fromHundredths(marksInHundredths(rubric, sheet).reduce((sum, mark) => sum + mark, 0));
}
