// Seeded generators of malformed input: the same seed gives the same payloads, so a failure
// names the seed and case that reproduce it.

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; SELECT pg_sleep(5)',
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
];

export const UNICODE = [
  '\u202e\u0645\u0631\u062d\u0628\u0627', // right-to-left override
  '\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67',
  '\ud800', // lone surrogate
  '\ufeff\u200b\u200c\u200d',
  'Z\u0351\u0300\u0301\u0302\u0303\u0304'.repeat(50),
  '𠮷野家𪚥',
  '\r\n\t\v\f',
];

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** One malformed value. */
export function junkValue(random: () => number): unknown {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  switch (Math.floor(random() * 14)) {
    case 0:
      return null;
    case 1:
      return pick([-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0]);
    case 2:
      return pick([true, false]);
    case 3:
      return pick(INJECTIONS);
    case 4:
      return pick(UNICODE);
    case 5:
      return 'x'.repeat(pick([1_000, 70_000, 300_000]));
    case 6:
      return deep(pick([20, 200, 2_000]));
    case 7:
      return [];
    case 8:
      return Array.from({ length: pick([1, 5_000]) }, () => pick(INJECTIONS));
    case 9:
      return JSON.parse('{"__proto__": {"polluted": true}, "isAdmin": true}');
    case 10:
      return { constructor: { prototype: { polluted: true } } };
    case 11:
      return '2026-02-30T25:61:00Z';
    case 12:
      return pick(['NaN', 'Infinity', '-1', '00000000-0000-0000-0000-000000000000']);
    default:
      return {};
  }
}

/** A request body: wrong shapes at the top level, or objects with junk fields. */
export function junkBody(random: () => number, knownFields: string[]): unknown {
  const roll = random();
  if (roll < 0.1) return junkValue(random);
  if (roll < 0.2)
    return JSON.parse(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
  const body: Record<string, unknown> = {};
  const fields = knownFields.length ? knownFields : ['name', 'id', 'value'];
  for (const field of fields) if (random() < 0.7) body[field] = junkValue(random);
  if (random() < 0.3) body[`extra${Math.floor(random() * 10)}`] = junkValue(random);
  return body;
}

/** A path parameter or query value as a string (what reaches the server in a URL). */
export function junkString(random: () => number): string {
  const value = junkValue(random);
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  return text.length > 4_000 ? text.slice(0, 4_000) : text;
}

/** One part of a hand-built multipart body: a field, or a file with its raw header bytes. */
export type MultipartPart =
  | { field: string; value: string }
  | {
      file: string;
      /** Written as is (UTF-8) into `filename="…"`: quotes, NULs and CR/LF included. */
      filename?: string;
      /** A raw `filename*=` parameter (RFC 5987), instead of or besides `filename`. */
      filenameStar?: string;
      contentType: string;
      content: Buffer;
    };

/**
 * A multipart/form-data body built byte by byte, so the file names reach the server exactly as
 * given (form-data, under supertest's attach(), reduces a name to its basename and escapes it).
 */
export function multipart(parts: MultipartPart[]): { contentType: string; body: Buffer } {
  const boundary = `----yunzhao-fuzz-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\n`;
    if ('field' in part) {
      head += `Content-Disposition: form-data; name="${part.field}"\r\n\r\n`;
      chunks.push(Buffer.from(head), Buffer.from(part.value), Buffer.from('\r\n'));
      continue;
    }
    let disposition = `Content-Disposition: form-data; name="${part.file}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    if (part.filenameStar !== undefined) disposition += `; filename*=${part.filenameStar}`;
    head += `${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(head), part.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
