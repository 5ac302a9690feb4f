// The draw algorithm `rfc3797-sha256-v1`: RFC 3797's publicly verifiable selection with SHA-256
// in place of MD5, and a committed server secret as one of the entropy sources (commit-reveal).
// docs/draw.md specifies it for re-implementers; draw-doc.spec.ts keeps the two in step.
import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';

export const DRAW_ALGORITHM = 'rfc3797-sha256-v1';

/** The step index is encoded in 16 bits, so a draw can take at most this many steps. */
export const MAX_DRAW_ITEMS = 0x10000;

const SECRET_PATTERN = /^[0-9a-f]{64}$/;

export interface DrawInput {
  /** 64 lowercase hex characters, committed to before the draw and revealed after it. */
  secret: string;
  /** Public entropy fixed at draw time, e.g. session id, draw time, the supervisor's value. */
  sources: readonly string[];
  /** Eligible item ids in the order the draw indexes them (callers sort them ascending). */
  items: readonly string[];
  count: number;
}

/** The stored and published form of a draw. Extra fields may be added (see `PanelDrawRecord`). */
export interface DrawRecord {
  algorithm: string;
  commitment: string;
  secret: string;
  sources: string[];
  items: string[];
  count: number;
  result: string[];
}

export interface DrawStep {
  i: number;
  /** SHA-256(u16be(i) ‖ key ‖ u16be(i)) as lowercase hex. */
  hashHex: string;
  /** How many items were still unpicked before this step. */
  remainingCount: number;
  /** hash mod remainingCount: the 0-based position of the pick among the unpicked items. */
  r: number;
  pick: string;
}

export interface DrawTrace {
  /** The text whose UTF-8 bytes form the key: secret/source0/…/sourceN-1/ */
  keyText: string;
  keyHex: string;
  steps: DrawStep[];
}

/** Raised when inputs cannot be drawn from; the message says why, for people. */
export class DrawError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrawError';
  }
}

export function isDrawSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

/** A fresh 256-bit secret as 64 lowercase hex characters. */
export function newDrawSecret(
  randomBytes: (size: number) => Uint8Array = cryptoRandomBytes,
): string {
  const bytes = randomBytes(32);
  if (bytes.length !== 32) throw new DrawError('randomBytes must return 32 bytes');
  return Buffer.from(bytes).toString('hex');
}

/** Lowercase hex SHA-256 of the secret's ASCII bytes; published before the draw. */
export function commitmentOf(secret: string): string {
  if (!isDrawSecret(secret)) {
    throw new DrawError('malformed secret: it must be 64 lowercase hex characters');
  }
  return createHash('sha256').update(secret, 'ascii').digest('hex');
}

/** The first reason the inputs cannot be drawn from, or undefined when they are fine. */
export function drawInputProblem(input: DrawInput): string | undefined {
  if (!isDrawSecret(input.secret)) {
    return 'malformed secret: it must be 64 lowercase hex characters';
  }
  if (input.sources.length === 0) {
    // Without public entropy the server, which knows the secret, would know the result in advance.
    return 'at least one public source is required';
  }
  if (input.items.length > MAX_DRAW_ITEMS) {
    return `too many items: ${input.items.length} (at most ${MAX_DRAW_ITEMS})`;
  }
  const seen = new Set<string>();
  for (const item of input.items) {
    if (item.length === 0) return 'items must be non-empty strings';
    if (seen.has(item)) return `duplicate item '${item}'`;
    seen.add(item);
  }
  if (!Number.isSafeInteger(input.count) || input.count < 0) {
    return `count must be a whole number >= 0, got ${input.count}`;
  }
  if (input.count > input.items.length) {
    return `cannot draw ${input.count} from ${input.items.length} item(s): count exceeds the items available`;
  }
  return undefined;
}

/** Runs the algorithm and returns every intermediate value (for docs, audits and tests). */
export function explainDraw(input: DrawInput): DrawTrace {
  const problem = drawInputProblem(input);
  if (problem) throw new DrawError(problem);

  const keyText = `${input.secret}/${input.sources.map((source) => `${source}/`).join('')}`;
  const key = Buffer.from(keyText, 'utf8');
  const unpicked = [...input.items];
  const steps: DrawStep[] = [];
  for (let i = 0; i < input.count; i += 1) {
    const index = Buffer.alloc(2);
    index.writeUInt16BE(i);
    const hash = createHash('sha256').update(index).update(key).update(index).digest();
    const remainingCount = unpicked.length;
    // BigInt keeps all 256 bits, so the modulo bias is below 2^-240 even for 65,536 items.
    const r = Number(BigInt(`0x${hash.toString('hex')}`) % BigInt(remainingCount));
    const [pick] = unpicked.splice(r, 1);
    steps.push({ i, hashHex: hash.toString('hex'), remainingCount, r, pick });
  }
  return { keyText, keyHex: key.toString('hex'), steps };
}

/** Draws `count` of `items` and returns the record to store and publish. */
export function drawItems(input: DrawInput): DrawRecord {
  const trace = explainDraw(input);
  return {
    algorithm: DRAW_ALGORITHM,
    commitment: commitmentOf(input.secret),
    secret: input.secret,
    sources: [...input.sources],
    items: [...input.items],
    count: input.count,
    result: trace.steps.map((step) => step.pick),
  };
}
