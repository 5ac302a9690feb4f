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

interface CheckedPosition {
  id: string;
  quota: number;
  disciplines: string[];
  source: Json;
}

interface CheckedHire {
  id: string;
  rank: number;
  lot: number | undefined;
  discipline: string;
  preferences: string[];
  source: Json;
}

function isStringArray(values: unknown[]): values is string[] {
  return values.every((value) => typeof value === 'string');
}

/** Validates without copying; throws MatchInputError on the first problem. */
function checkInput(raw: unknown): { positions: CheckedPosition[]; hires: CheckedHire[] } {
  if (!isObject(raw)) {
    throw new MatchInputError(
      `input must be an object {"positions": [...], "hires": [...]} (${describe(raw)})`,
      '',
    );
  }
  const rawPositions = requireArray(raw, 'positions', '$');
  const rawHires = requireArray(raw, 'hires', '$');

  const positionIds = new Set<string>();
  const positions = rawPositions.map((item, i): CheckedPosition => {
    const path = `positions[${i}]`;
    if (!isObject(item)) throw new MatchInputError(`must be an object (${describe(item)})`, path);
    const id = requireId(item, path);
    if (positionIds.has(id))
      throw new MatchInputError(`duplicate position id "${id}"`, `${path}.id`);
    positionIds.add(id);
    const quota = requireInteger(item, 'quota', 0, path);
    const disciplines = requireArray(item, 'disciplines', path);
    disciplines.forEach((code, j) => requireCode(code, `${path}.disciplines[${j}]`));
    if (!isStringArray(disciplines)) throw new MatchInputError('must be strings', path);
    return { id, quota, disciplines, source: item };
  });

  const hireIds = new Set<string>();
  const hires = rawHires.map((item, i): CheckedHire => {
    const path = `hires[${i}]`;
    if (!isObject(item)) throw new MatchInputError(`must be an object (${describe(item)})`, path);
    const id = requireId(item, path);
    if (hireIds.has(id)) throw new MatchInputError(`duplicate hire id "${id}"`, `${path}.id`);
    hireIds.add(id);
    const rank = requireInteger(item, 'rank', 1, path);
    const discipline = requireCode(item.discipline, `${path}.discipline`);
    const preferences = requireArray(item, 'preferences', path);
    for (let j = 0; j < preferences.length; j++) {
      const pref = preferences[j];
      if (typeof pref !== 'string' || pref === '') {
        throw new MatchInputError(
          `must be a position id (non-empty string) (${describe(pref)})`,
          `${path}.preferences[${j}]`,
        );
      }
    }
    if (!isStringArray(preferences)) throw new MatchInputError('must be strings', path);
    let lot: number | undefined;
    if (item.lot !== undefined && item.lot !== null) {
      if (typeof item.lot !== 'number' || !Number.isFinite(item.lot)) {
        throw new MatchInputError(`must be a finite number (${describe(item.lot)})`, `${path}.lot`);
      }
      lot = item.lot;
    }
    return { id, rank, lot, discipline, preferences, source: item };
  });
  return { positions, hires };
}

/**
 * Checks the shape of matching input and returns a typed copy (extra fields kept; a null lot is
 * dropped). Throws MatchInputError with a one-line message on the first problem found.
 * Unknown or unacceptable preferences are NOT errors here (see `prepareMatching`).
 */
export function parseMatchInput(raw: unknown): MatchInput {
  const checked = checkInput(raw);
  const positions = checked.positions.map(({ id, quota, disciplines, source }): MatchPosition => ({
    ...source,
    id,
    quota,
    disciplines: [...disciplines],
  }));
  const hires = checked.hires.map(
    ({ id, rank, lot, discipline, preferences, source }): MatchHire => {
      const hire: MatchHire = { ...source, id, rank, discipline, preferences: [...preferences] };
      if (lot === undefined) delete hire.lot;
      else hire.lot = lot;
      return hire;
    },
  );
  return { positions, hires };
}

/**
 * Serial (priority) order: rank ascending; equal ranks by lot ascending (hires with a lot before
 * hires without one); then id in code-unit order. Total, since ids are unique.
 */
export function compareHirePriority(
  a: Pick<MatchHire, 'id' | 'rank' | 'lot'>,
  b: Pick<MatchHire, 'id' | 'rank' | 'lot'>,
): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.lot !== undefined || b.lot !== undefined) {
    if (a.lot === undefined) return 1;
    if (b.lot === undefined) return -1;
    if (a.lot !== b.lot) return a.lot - b.lot;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface PreparedHire {
  id: string;
  rank: number;
  lot: number | undefined;
  discipline: string;
  /** Original preference list. */
  preferences: readonly string[];
  /** Ignored entries, in list order (usually none). */
  invalid: readonly SkippedChoice[];
}

export interface PreparedMatching {
  /** Position ids sorted in code-unit order; indexes below refer to this array. */
  positionIds: string[];
  positionIndex: Map<string, number>;
  /** Seats per position, capped at the number of hires. */
  quota: Int32Array;
  /** Hires in serial order (see compareHirePriority). */
  hires: PreparedHire[];
  hireIndex: Map<string, number>;
  /**
   * Usable entries of hire i (serial order), in list order: indexes validStart[i] ..
   * validStart[i+1]-1 of validPosition (position index) and validChoice (1-based choice).
   */
  validStart: Int32Array;
  validPosition: Int32Array;
  validChoice: Int32Array;
  warnings: MatchWarning[];
}

const WARNING_TEXT: Record<Exclude<SkipReason, 'filled' | 'no_places'>, string> = {
  unknown_position: 'no such position',
  discipline_not_accepted: 'the position does not accept discipline',
  duplicate: 'repeats an earlier preference',
};

const NONE: readonly SkippedChoice[] = Object.freeze([]);

/**
 * Validates raw input (throws MatchInputError) and turns it into the index-based form the
 * algorithms use. Unusable preference entries (unknown position, discipline not accepted,
 * repeated) are dropped with a warning each. The result depends only on the content of the
 * input, not on the order of the arrays in it (except the order of warnings: input order).
 */
export function prepareMatching(raw: unknown): PreparedMatching {
  const input = checkInput(raw);
  const sortedPositions = [...input.positions].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const P = sortedPositions.length;
  const positionIds = sortedPositions.map((p) => p.id);
  const positionIndex = new Map(positionIds.map((id, i) => [id, i]));
  // Seats beyond the number of hires can never be used; capping keeps them in 32 bits.
  const quota = Int32Array.from(sortedPositions, (p) => Math.min(p.quota, input.hires.length));
  const accepts = sortedPositions.map((p) => new Set(p.disciplines));

  const H = input.hires.length;
  const order = Array.from({ length: H }, (_, i) => i).sort((a, b) =>
    compareHirePriority(input.hires[a], input.hires[b]),
  );

  let total = 0;
  for (const hire of input.hires) total += hire.preferences.length;
  const validStart = new Int32Array(H + 1);
  const validPosition = new Int32Array(total);
  const validChoice = new Int32Array(total);
  const seen = new Int32Array(P).fill(-1);
  const found: { original: number; warning: MatchWarning }[] = [];
  let fill = 0;
  const hires = order.map((original, slot): PreparedHire => {
    const hire = input.hires[original];
    const { preferences, discipline } = hire;
    let invalid: SkippedChoice[] | null = null;
    let unknownSeen: string[] | null = null;
    for (let i = 0; i < preferences.length; i++) {
      const positionId = preferences[i];
      const choice = i + 1;
      const index = positionIndex.get(positionId);
      let reason: 'unknown_position' | 'discipline_not_accepted' | 'duplicate';
      if (index === undefined) {
        unknownSeen ??= [];
        reason = unknownSeen.includes(positionId) ? 'duplicate' : 'unknown_position';
        unknownSeen.push(positionId);
      } else if (seen[index] === slot) {
        reason = 'duplicate';
      } else {
        seen[index] = slot;
        if (accepts[index].has(discipline)) {
          validPosition[fill] = index;
          validChoice[fill++] = choice;
          continue;
        }
        reason = 'discipline_not_accepted';
      }
      (invalid ??= []).push({ choice, position: positionId, reason });
      const detail =
        reason === 'discipline_not_accepted'
          ? `${WARNING_TEXT[reason]} ${discipline}`
          : WARNING_TEXT[reason];
      found.push({
        original,
        warning: {
          code: reason === 'duplicate' ? 'duplicate_preference' : reason,
          hire: hire.id,
          position: positionId,
          choice,
          message: `hire ${hire.id}: preference ${choice} "${positionId}" ignored: ${detail}`,
        },
      });
    }
    validStart[slot + 1] = fill;
    return {
      id: hire.id,
      rank: hire.rank,
      lot: hire.lot,
      discipline,
      preferences,
      invalid: invalid ?? NONE,
    };
  });
  // Warnings in input order (hire by hire, each hire's in list order).
  const warnings = found
    .sort((a, b) => a.original - b.original || a.warning.choice - b.warning.choice)
    .map((f) => f.warning);
  const hireIndex = new Map(hires.map((h, i) => [h.id, i]));
  return {
    positionIds,
    positionIndex,
    quota,
    hires,
    hireIndex,
    validStart,
    validPosition: validPosition.subarray(0, fill),
    validChoice: validChoice.subarray(0, fill),
    warnings,
  };
}
