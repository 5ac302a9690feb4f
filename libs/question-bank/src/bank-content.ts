// The question bank's import format (docs/question-bank.md), its validation and the canonical
// form its seal commits to. Pure: no IO.
import { canonicalJson } from '@yunzhao/domain';
import type { QuestionGuidance } from '@yunzhao/contracts';
import { createHash } from 'node:crypto';

export const BANK_FORMAT = 'yunzhao-question-bank-v1';

export interface QuestionContent {
  text: string;
  dimensions: string[];
  timeAllowedSeconds: number;
  guidance: QuestionGuidance;
}

export interface QuestionSetInput {
  code: string;
  categoryCode: string;
  title: string;
  questions: QuestionContent[];
}

export interface BankImport {
  warningSeconds?: number;
  sets: QuestionSetInput[];
}

/** One place in the file that is wrong: a JSON path and a problem code (see the docs). */
export interface ImportProblem {
  path: string;
  problem: string;
}

export const IMPORT_LIMITS = {
  sets: 1000,
  questionsPerSet: 30,
  textLength: 5000,
  dimensions: 10,
  shortText: 200,
  referencePoints: 30,
  bands: 10,
  minSeconds: 30,
  maxSeconds: 3600,
  maxScore: 1000,
} as const;

const SET_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Checker {
  readonly problems: ImportProblem[] = [];

  fail(path: string, problem: string): undefined {
    if (this.problems.length < 100) this.problems.push({ path, problem });
    return undefined;
  }

  text(value: unknown, path: string, max: number, required = true): string | undefined {
    if (value === undefined || value === null || value === '') {
      return required ? this.fail(path, 'required') : undefined;
    }
    if (typeof value !== 'string') return this.fail(path, 'not_text');
    const trimmed = value.trim();
    if (trimmed === '') return required ? this.fail(path, 'required') : undefined;
    if (trimmed.length > max) return this.fail(path, `too_long_max_${max}`);
    return trimmed;
  }

  int(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return this.fail(path, 'not_integer');
    }
    if (value < min || value > max) return this.fail(path, `out_of_range_${min}_${max}`);
    return value;
  }

  number(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, 'not_number');
    if (value < min || value > max) return this.fail(path, `out_of_range_${min}_${max}`);
    return value;
  }

  list(value: unknown, path: string, min: number, max: number): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, 'not_list');
    if (value.length < min) return this.fail(path, min === 1 ? 'required' : `too_few_min_${min}`);
    if (value.length > max) return this.fail(path, `too_many_max_${max}`);
    return value;
  }

  only(value: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.fail(`${path}.${key}`, 'unknown_field');
    }
  }
}

function readGuidance(check: Checker, value: unknown, path: string): QuestionGuidance | undefined {
  if (!isRecord(value)) return check.fail(path, 'not_object');
  check.only(value, path, ['referencePoints', 'bands']);
  const points = check.list(
    value.referencePoints ?? [],
    `${path}.referencePoints`,
    0,
    IMPORT_LIMITS.referencePoints,
  );
  const bands = check.list(value.bands ?? [], `${path}.bands`, 0, IMPORT_LIMITS.bands);
  const referencePoints = (points ?? []).map((point, i) =>
    check.text(point, `${path}.referencePoints[${i}]`, IMPORT_LIMITS.textLength),
  );
  const readBands = (bands ?? []).map((band, i) => {
    const at = `${path}.bands[${i}]`;
    if (!isRecord(band)) return check.fail(at, 'not_object');
    check.only(band, at, ['label', 'min', 'max', 'description']);
    const label = check.text(band.label, `${at}.label`, IMPORT_LIMITS.shortText);
    const min = check.number(band.min, `${at}.min`, 0, IMPORT_LIMITS.maxScore);
    const max = check.number(band.max, `${at}.max`, 0, IMPORT_LIMITS.maxScore);
    const description = check.text(
      band.description,
      `${at}.description`,
      IMPORT_LIMITS.textLength,
      false,
    );
    if (min !== undefined && max !== undefined && min > max) check.fail(at, 'min_above_max');
    if (label === undefined || min === undefined || max === undefined) return undefined;
    return { label, min, max, ...(description === undefined ? {} : { description }) };
  });
  if (referencePoints.some((p) => p === undefined) || readBands.some((b) => b === undefined)) {
    return undefined;
  }
  return {
    referencePoints: referencePoints as string[],
    bands: readBands as QuestionGuidance['bands'],
  };
}

function readQuestion(check: Checker, value: unknown, path: string): QuestionContent | undefined {
  if (!isRecord(value)) return check.fail(path, 'not_object');
  check.only(value, path, ['text', 'dimensions', 'timeAllowedSeconds', 'guidance']);
  const text = check.text(value.text, `${path}.text`, IMPORT_LIMITS.textLength);
  const dimensionList = check.list(
    value.dimensions,
    `${path}.dimensions`,
    1,
    IMPORT_LIMITS.dimensions,
  );
  const dimensions = (dimensionList ?? []).map((d, i) =>
    check.text(d, `${path}.dimensions[${i}]`, IMPORT_LIMITS.shortText),
  );
  const timeAllowedSeconds = check.int(
    value.timeAllowedSeconds,
    `${path}.timeAllowedSeconds`,
    IMPORT_LIMITS.minSeconds,
    IMPORT_LIMITS.maxSeconds,
  );
  const guidance = readGuidance(check, value.guidance, `${path}.guidance`);
  if (
    text === undefined ||
    dimensionList === undefined ||
    dimensions.some((d) => d === undefined) ||
    timeAllowedSeconds === undefined ||
    guidance === undefined
  ) {
    return undefined;
  }
  return { text, dimensions: dimensions as string[], timeAllowedSeconds, guidance };
}

/**
 * Reads an import (already parsed from JSON or XLSX) against the campaign's category codes.
 * Returns the clean bank, or every problem found (at most 100) with where it is.
 */
export function readBankImport(
  value: unknown,
  categoryCodes: readonly string[],
): { ok: true; bank: BankImport } | { ok: false; problems: ImportProblem[] } {
  const check = new Checker();
  if (!isRecord(value)) return { ok: false, problems: [{ path: '$', problem: 'not_object' }] };
  check.only(value, '$', ['format', 'warningSeconds', 'sets']);
  if (value.format !== undefined && value.format !== BANK_FORMAT)
    check.fail('$.format', 'unknown_format');
  const warningSeconds =
    value.warningSeconds === undefined
      ? undefined
      : check.int(value.warningSeconds, '$.warningSeconds', 0, IMPORT_LIMITS.maxSeconds);
  const setList = check.list(value.sets, '$.sets', 1, IMPORT_LIMITS.sets) ?? [];
  const seen = new Set<string>();
  const sets = setList.map((set, s): QuestionSetInput | undefined => {
    const at = `$.sets[${s}]`;
    if (!isRecord(set)) return check.fail(at, 'not_object');
    check.only(set, at, ['code', 'categoryCode', 'title', 'questions']);
    const code = check.text(set.code, `${at}.code`, 64);
    if (code !== undefined && !SET_CODE.test(code)) check.fail(`${at}.code`, 'bad_code');
    if (code !== undefined && seen.has(code)) check.fail(`${at}.code`, 'duplicate_code');
    if (code !== undefined) seen.add(code);
    const categoryCode = check.text(set.categoryCode, `${at}.categoryCode`, 32);
    if (categoryCode !== undefined && !categoryCodes.includes(categoryCode)) {
      check.fail(`${at}.categoryCode`, 'unknown_category');
    }
    const title = check.text(set.title, `${at}.title`, IMPORT_LIMITS.shortText);
    const questionList = check.list(
      set.questions,
      `${at}.questions`,
      1,
      IMPORT_LIMITS.questionsPerSet,
    );
    const questions = (questionList ?? []).map((q, i) =>
      readQuestion(check, q, `${at}.questions[${i}]`),
    );
    if (
      code === undefined ||
      categoryCode === undefined ||
      title === undefined ||
      questionList === undefined ||
      questions.some((q) => q === undefined)
    ) {
      return undefined;
    }
    return { code, categoryCode, title, questions: questions as QuestionContent[] };
  });
  if (check.problems.length > 0) return { ok: false, problems: check.problems };
  return {
    ok: true,
    bank: {
      ...(warningSeconds === undefined ? {} : { warningSeconds }),
      sets: sets as QuestionSetInput[],
    },
  };
}

/** What a seal commits to: every set of the campaign, ordered by code, in canonical JSON. */
export function canonicalBank(campaignId: string, sets: readonly QuestionSetInput[]): string {
  const ordered = [...sets].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return canonicalJson({
    format: BANK_FORMAT,
    campaignId,
    sets: ordered.map((set) => ({
      code: set.code,
      categoryCode: set.categoryCode,
      title: set.title,
      questions: set.questions,
    })),
  });
}

export function bankCommitment(campaignId: string, sets: readonly QuestionSetInput[]): string {
  return createHash('sha256').update(canonicalBank(campaignId, sets), 'utf8').digest('hex');
}
