// Reading stored or published draw records back and re-checking them from scratch.
import { PanelExtension, selectPanelMembers } from './panel';
import {
  DRAW_ALGORITHM,
  DrawRecord,
  commitmentOf,
  drawInputProblem,
  explainDraw,
  isDrawSecret,
} from './rfc3797';

/** A draw record as found in storage or a file: a plain draw, or a panel draw. */
export type StoredDrawRecord = DrawRecord & { panel?: PanelExtension };

export type DrawRecordParseResult =
  { ok: true; record: StoredDrawRecord } | { ok: false; reason: string };

export type DrawVerification = { ok: true } | { ok: false; reason: string };

/**
 * Checks that a value (e.g. parsed JSON) has the shape of a draw record: every required field
 * present with the right type. It does not check that the draw itself is right; see
 * `verifyDrawRecord`. Unknown extra fields are allowed and dropped.
 */
export function parseDrawRecord(value: unknown): DrawRecordParseResult {
  if (!isObject(value)) return { ok: false, reason: 'a draw record must be a JSON object' };
  for (const field of ['algorithm', 'commitment', 'secret'] as const) {
    if (typeof value[field] !== 'string') {
      return { ok: false, reason: `field '${field}' is missing or not a string` };
    }
  }
  for (const field of ['sources', 'items', 'result'] as const) {
    if (!isStringArray(value[field])) {
      return { ok: false, reason: `field '${field}' is missing or not an array of strings` };
    }
  }
  if (typeof value.count !== 'number') {
    return { ok: false, reason: "field 'count' is missing or not a number" };
  }
  const record: StoredDrawRecord = {
    algorithm: value.algorithm as string,
    commitment: value.commitment as string,
    secret: value.secret as string,
    sources: value.sources as string[],
    items: value.items as string[],
    count: value.count,
    result: value.result as string[],
  };
  if (value.panel !== undefined) {
    const panel = value.panel;
    if (
      !isObject(panel) ||
      typeof panel.size !== 'number' ||
      !isStringArray(panel.hiringSide) ||
      !isStringArray(panel.recused) ||
      !isStringArray(panel.members)
    ) {
      return {
        ok: false,
        reason:
          "field 'panel' must be an object with size (number) and hiringSide, recused, members (arrays of strings)",
      };
    }
    record.panel = {
      size: panel.size,
      hiringSide: panel.hiringSide,
      recused: panel.recused,
      members: panel.members,
    };
  }
  return { ok: true, record };
}

/** Recomputes a record from its inputs; any difference from what it claims is a failure. */
export function verifyDrawRecord(record: StoredDrawRecord): DrawVerification {
  if (record.algorithm !== DRAW_ALGORITHM) {
    return fail(`unsupported algorithm '${record.algorithm}' (expected '${DRAW_ALGORITHM}')`);
  }
  if (!isDrawSecret(record.secret)) {
    return fail('malformed secret: it must be 64 lowercase hex characters');
  }
  const expectedCommitment = commitmentOf(record.secret);
  if (record.commitment !== expectedCommitment) {
    return fail(
      `commitment mismatch: SHA-256 of the secret is ${expectedCommitment}, ` +
        `the record says ${record.commitment}`,
    );
  }
  const problem = drawInputProblem(record);
  if (problem) return fail(`invalid draw inputs: ${problem}`);
  const expectedResult = explainDraw(record).steps.map((step) => step.pick);
  if (!sameList(expectedResult, record.result)) {
    return fail(
      `result mismatch: expected ${JSON.stringify(expectedResult)}, ` +
        `got ${JSON.stringify(record.result)}`,
    );
  }
  return record.panel ? verifyPanel(record, record.panel) : { ok: true };
}

function verifyPanel(record: DrawRecord, panel: PanelExtension): DrawVerification {
  const items = new Set(record.items);
  const recusedDrawn = panel.recused.find((id) => items.has(id));
  if (recusedDrawn !== undefined) {
    return fail(`panel: recused examiner '${recusedDrawn}' is among the drawn items`);
  }
  const strayHiringSide = panel.hiringSide.find((id) => !items.has(id));
  if (strayHiringSide !== undefined) {
    return fail(`panel: hiring-side examiner '${strayHiringSide}' is not among the drawn items`);
  }
  const expectedMembers = selectPanelMembers(record.result, panel.hiringSide, panel.size);
  if (!expectedMembers) {
    return fail(`panel: the drawn order cannot fill a panel of ${panel.size}`);
  }
  if (!sameList(expectedMembers, panel.members)) {
    return fail(
      `panel member mismatch: expected ${JSON.stringify(expectedMembers)}, ` +
        `got ${JSON.stringify(panel.members)}`,
    );
  }
  return { ok: true };
}

function fail(reason: string): DrawVerification {
  return { ok: false, reason };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}
