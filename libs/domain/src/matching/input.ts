import type {
  MatchHire,
  MatchInput,
  MatchPosition,
  MatchWarning,
  SkipReason,
  SkippedChoice,
} from './types';

/** Malformed matching input. `path` points at the offending value, e.g. `hires[3].rank`. */
export class MatchInputError extends Error {
  override readonly name = 'MatchInputError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

const DISCIPLINE_CODE = /^\d{4}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return `got ${text === undefined ? typeof value : text.length > 40 ? text.slice(0, 37) + '...' : text}`;
}

function requireId(obj: Json, path: string): string {
  const id = obj.id;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new MatchInputError(`id must be a non-empty string (${describe(id)})`, `${path}.id`);
  }
  return id;
}

function requireInteger(obj: Json, key: string, min: number, path: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new MatchInputError(
      `must be an integer >= ${min} (${describe(value)})`,
      `${path}.${key}`,
    );
  }
  return value;
}

function requireCode(value: unknown, path: string): string {
  if (typeof value !== 'string' || !DISCIPLINE_CODE.test(value)) {
    throw new MatchInputError(
      `must be a 4-digit discipline code such as "0202" (${describe(value)})`,
      path,
    );
  }
  return value;
}

function requireArray(obj: Json, key: string, path: string): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) {
    throw new MatchInputError(`must be an array (${describe(value)})`, `${path}.${key}`);
  }
  return value;
}

/**
 * Checks the shape of matching input and returns a typed copy (extra fields kept).
 * Throws MatchInputError with a one-line message on the first problem found.
 * Unknown or unacceptable preferences are NOT errors here (see `prepareMatching`).
 */
export function parseMatchInput(raw: unknown): MatchInput {
  if (!isObject(raw)) {
    throw new MatchInputError(
      `input must be an object {"positions": [...], "hires": [...]} (${describe(raw)})`,
      '',
    );
  }
  const rawPositions = requireArray(raw, 'positions', '$');
  const rawHires = requireArray(raw, 'hires', '$');

  const positionIds = new Set<string>();
  const positions: MatchPosition[] = rawPositions.map((item, i) => {
    const path = `positions[${i}]`;
    if (!isObject(item)) throw new MatchInputError(`must be an object (${describe(item)})`, path);
    const id = requireId(item, path);
    if (positionIds.has(id))
      throw new MatchInputError(`duplicate position id "${id}"`, `${path}.id`);
    positionIds.add(id);
    const quota = requireInteger(item, 'quota', 0, path);
    const disciplines = requireArray(item, 'disciplines', path).map((code, j) =>
      requireCode(code, `${path}.disciplines[${j}]`),
    );
    return { ...item, id, quota, disciplines };
  });

  const hireIds = new Set<string>();
  const hires: MatchHire[] = rawHires.map((item, i) => {
    const path = `hires[${i}]`;
    if (!isObject(item)) throw new MatchInputError(`must be an object (${describe(item)})`, path);
    const id = requireId(item, path);
    if (hireIds.has(id)) throw new MatchInputError(`duplicate hire id "${id}"`, `${path}.id`);
    hireIds.add(id);
    const rank = requireInteger(item, 'rank', 1, path);
    const discipline = requireCode(item.discipline, `${path}.discipline`);
    const preferences = requireArray(item, 'preferences', path).map((pref, j) => {
      if (typeof pref !== 'string' || pref === '') {
        throw new MatchInputError(
          `must be a position id (non-empty string) (${describe(pref)})`,
          `${path}.preferences[${j}]`,
        );
      }
      return pref;
    });
    const hire: MatchHire = { ...item, id, rank, discipline, preferences };
    if (item.lot !== undefined && item.lot !== null) {
      if (typeof item.lot !== 'number' || !Number.isFinite(item.lot)) {
        throw new MatchInputError(`must be a finite number (${describe(item.lot)})`, `${path}.lot`);
      }
      hire.lot = item.lot;
    } else {
      delete hire.lot;
    }
    return hire;
  });

  return { positions, hires };
}

/**
 * Serial (priority) order: rank ascending; equal ranks by lot ascending (hires with a lot before
 * hires without one); then id in code-unit order. Total, since ids are unique.
 */
export function compareHirePriority(a: MatchHire, b: MatchHire): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.lot !== undefined || b.lot !== undefined) {
    if (a.lot === undefined) return 1;
    if (b.lot === undefined) return -1;
    if (a.lot !== b.lot) return a.lot - b.lot;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface PreparedChoice {
  /** Index into PreparedMatching.positionIds. */
  position: number;
  /** 1-based index in the original preference list. */
  choice: number;
}

export interface PreparedHire {
  id: string;
  rank: number;
  lot: number | undefined;
  discipline: string;
  /** Original preference list. */
  preferences: readonly string[];
  /** Usable entries, in list order. */
  valid: PreparedChoice[];
  /** Ignored entries, in list order. */
  invalid: SkippedChoice[];
}

export interface PreparedMatching {
  /** Position ids sorted in code-unit order; indexes below refer to this array. */
  positionIds: string[];
  positionIndex: Map<string, number>;
  quota: Int32Array;
  /** Hires in serial order (see compareHirePriority). */
  hires: PreparedHire[];
  hireIndex: Map<string, number>;
  warnings: MatchWarning[];
}

const WARNING_TEXT: Record<Exclude<SkipReason, 'filled' | 'no_places'>, string> = {
  unknown_position: 'no such position',
  discipline_not_accepted: 'the position does not accept discipline',
  duplicate: 'repeats an earlier preference',
};

/**
 * Validates raw input and turns it into the index-based form the algorithms use. The result
 * depends only on the content of the input, not on the order of the arrays in it (except the
 * order of warnings, which follows the input).
 */
export function prepareMatching(raw: unknown): PreparedMatching {
  const input = parseMatchInput(raw);
  const sortedPositions = [...input.positions].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const positionIds = sortedPositions.map((p) => p.id);
  const positionIndex = new Map(positionIds.map((id, i) => [id, i]));
  const quota = Int32Array.from(sortedPositions, (p) => p.quota);
  const accepts = sortedPositions.map((p) => new Set(p.disciplines));

  const warnings: MatchWarning[] = [];
  const prepared = input.hires.map((hire): PreparedHire => {
    const valid: PreparedChoice[] = [];
    const invalid: SkippedChoice[] = [];
    const seen = new Set<string>();
    hire.preferences.forEach((positionId, i) => {
      const choice = i + 1;
      let reason: 'unknown_position' | 'discipline_not_accepted' | 'duplicate' | null = null;
      const index = positionIndex.get(positionId);
      if (seen.has(positionId)) reason = 'duplicate';
      else if (index === undefined) reason = 'unknown_position';
      else if (!accepts[index].has(hire.discipline)) reason = 'discipline_not_accepted';
      seen.add(positionId);
      if (reason === null) {
        if (index !== undefined) valid.push({ position: index, choice });
        return;
      }
      invalid.push({ choice, position: positionId, reason });
      const detail =
        reason === 'discipline_not_accepted'
          ? `${WARNING_TEXT[reason]} ${hire.discipline}`
          : WARNING_TEXT[reason];
      warnings.push({
        code: reason === 'duplicate' ? 'duplicate_preference' : reason,
        hire: hire.id,
        position: positionId,
        choice,
        message: `hire ${hire.id}: preference ${choice} "${positionId}" ignored: ${detail}`,
      });
    });
    return {
      id: hire.id,
      rank: hire.rank,
      lot: hire.lot,
      discipline: hire.discipline,
      preferences: hire.preferences,
      valid,
      invalid,
    };
  });

  const order = input.hires
    .map((hire, i) => ({ hire, i }))
    .sort((a, b) => compareHirePriority(a.hire, b.hire))
    .map(({ i }) => prepared[i]);
  const hireIndex = new Map(order.map((h, i) => [h.id, i]));
  return { positionIds, positionIndex, quota, hires: order, hireIndex, warnings };
}
