import { createHash } from 'node:crypto';
import {
  DRAW_ALGORITHM,
  DrawError,
  DrawInput,
  commitmentOf,
  drawInputProblem,
  drawItems,
  explainDraw,
  newDrawSecret,
} from './rfc3797';

/**
 * An independent reference written from the text: plain Buffers, and the modulo taken
 * byte by byte with ordinary numbers instead of BigInt.
 */
function referenceDraw(secret: string, sources: string[], items: string[], count: number) {
  const key = Buffer.from(secret + '/' + sources.map((s) => s + '/').join(''), 'utf8');
  const unpicked = [...items];
  const result: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = Buffer.from([i >> 8, i & 0xff]);
    const hash = createHash('sha256')
      .update(Buffer.concat([index, key, index]))
      .digest();
    let r = 0;
    for (const byte of hash) r = (r * 256 + byte) % unpicked.length;
    result.push(unpicked.splice(r, 1)[0]);
  }
  return result;
}

const SECRET = '0123456789abcdef'.repeat(4);
const SOURCES = ['S-2020-ECON-01', '2020-06-13T01:30:00Z', '4711'];
const range = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, k) => prefix + String(k + 1).padStart(2, '0'));

describe('rfc3797-sha256-v1 fixed vectors', () => {
  // Computed once with a separate Python implementation (hashlib, int.from_bytes).
  it('draws one question set out of ten', () => {
    const record = drawItems({ secret: SECRET, sources: SOURCES, items: range('Q', 10), count: 1 });
    expect(record).toEqual({
      algorithm: 'rfc3797-sha256-v1',
      commitment: 'a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e',
      secret: SECRET,
      sources: SOURCES,
      items: range('Q', 10),
      count: 1,
      result: ['Q07'],
    });
  });

  it('orders seven candidates', () => {
    const sources = ['S-2020-ECON-01', '2020-06-13T01:30:00Z', '0815'];
    const record = drawItems({ secret: SECRET, sources, items: range('C', 7), count: 7 });
    expect(record.result).toEqual(['C05', 'C01', 'C03', 'C06', 'C07', 'C02', 'C04']);
  });

  it('encodes non-ASCII sources as UTF-8 and exposes every step', () => {
    const input: DrawInput = {
      secret: 'f'.repeat(64),
      sources: ['会场-一'],
      items: ['a', 'b', 'c', 'd', 'e'],
      count: 3,
    };
    const trace = explainDraw(input);
    expect(trace.keyText).toBe(`${'f'.repeat(64)}/会场-一/`);
    expect(trace.keyHex).toBe('66'.repeat(64) + '2fe4bc9ae59cba2de4b8802f');
    expect(trace.steps).toEqual([
      {
        i: 0,
        hashHex: '3c3ecaae23c0d81397cbf366bab588842f5ca27593745cb87115dc1733c29813',
        remainingCount: 5,
        r: 4,
        pick: 'e',
      },
      {
        i: 1,
        hashHex: 'e5ff27493dcbe8386df31ecb91f757a70c66fd0c4774275fd13d921675cee02e',
        remainingCount: 4,
        r: 2,
        pick: 'c',
      },
      {
        i: 2,
        hashHex: 'a255dcce24e87411a8794821af0f959ef9a64709cedadb07719cf2546fa2015b',
        remainingCount: 3,
        r: 2,
        pick: 'd',
      },
    ]);
    expect(drawItems(input).commitment).toBe(
      'df0790f236013511e91fa4532fb7761f62320a51a3868dabf4a13fe5f53e3263',
    );
  });

  it('gives an empty result for count 0', () => {
    const record = drawItems({ secret: SECRET, sources: SOURCES, items: ['x'], count: 0 });
    expect(record.result).toEqual([]);
  });
});

describe('rfc3797-sha256-v1 against the reference implementation', () => {
  it('agrees on many derived inputs, including step indexes above 255', () => {
    for (let n = 0; n < 40; n++) {
      const secret = createHash('sha256').update(`vector ${n}`).digest('hex');
      const sources = [`session-${n}`, '2024-03-01T08:00:00+08:00', String(n * 7919)];
      const items = range('E', 1 + ((n * 37) % 30));
      const count = (n * 13) % (items.length + 1);
      expect(drawItems({ secret, sources, items, count }).result).toEqual(
        referenceDraw(secret, sources, items, count),
      );
    }
    const manyItems = Array.from({ length: 300 }, (_, k) => `id-${String(k).padStart(3, '0')}`);
    const longDraw = drawItems({ secret: SECRET, sources: SOURCES, items: manyItems, count: 300 });
    expect(longDraw.result).toEqual(referenceDraw(SECRET, SOURCES, manyItems, 300));
  });

  it('changes the result when any source changes', () => {
    const items = range('C', 20);
    const base = drawItems({ secret: SECRET, sources: SOURCES, items, count: 20 }).result;
    const moved = drawItems({ secret: SECRET, sources: [...SOURCES, ''], items, count: 20 }).result;
    expect(moved).not.toEqual(base);
    expect([...moved].sort()).toEqual(items);
  });
});

describe('secrets and commitments', () => {
  it('commits with SHA-256 of the ASCII secret', () => {
    expect(commitmentOf(SECRET)).toBe(createHash('sha256').update(SECRET).digest('hex'));
  });

  it('refuses to commit to a malformed secret', () => {
    expect(() => commitmentOf(SECRET.toUpperCase())).toThrow(DrawError);
    expect(() => commitmentOf(SECRET.slice(1))).toThrow(/64 lowercase hex/);
  });

  it('makes a 64-hex secret from the injected random bytes', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, k) => k * 8);
    expect(newDrawSecret(() => bytes)).toBe(Buffer.from(bytes).toString('hex'));
    expect(() => newDrawSecret(() => new Uint8Array(16))).toThrow(/32 bytes/);
  });

  it('uses crypto random bytes by default', () => {
    const first = newDrawSecret();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(newDrawSecret()).not.toBe(first);
  });
});

describe('input validation', () => {
  const valid: DrawInput = { secret: SECRET, sources: SOURCES, items: ['a', 'b', 'c'], count: 2 };

  it('accepts valid input', () => {
    expect(drawInputProblem(valid)).toBeUndefined();
    expect(DRAW_ALGORITHM).toBe('rfc3797-sha256-v1');
  });

  it.each<[string, Partial<DrawInput>, RegExp]>([
    ['an upper-case secret', { secret: SECRET.toUpperCase() }, /malformed secret/],
    ['a short secret', { secret: 'abc' }, /malformed secret/],
    ['no public source', { sources: [] }, /at least one public source/],
    ['count above the items', { count: 4 }, /cannot draw 4 from 3 item\(s\)/],
    ['nothing left to draw', { items: [], count: 1 }, /cannot draw 1 from 0 item\(s\)/],
    ['a negative count', { count: -1 }, /whole number/],
    ['a fractional count', { count: 1.5 }, /whole number/],
    ['duplicate items', { items: ['a', 'b', 'a'] }, /duplicate item 'a'/],
    ['an empty item', { items: ['a', ''] }, /non-empty/],
  ])('refuses %s', (_label, change, message) => {
    const input = { ...valid, ...change };
    expect(drawInputProblem(input)).toMatch(message);
    expect(() => drawItems(input)).toThrow(DrawError);
    expect(() => drawItems(input)).toThrow(message);
  });

  it('refuses more items than a 16-bit step index can address', () => {
    const items = Array.from({ length: 0x10001 }, (_, k) => `i${k}`);
    expect(drawInputProblem({ ...valid, items, count: 1 })).toMatch(/too many items: 65537/);
  });
});
