import { drawPanel } from './panel';
import { StoredDrawRecord, parseDrawRecord, verifyDrawRecord } from './record';
import { commitmentOf, drawItems } from './rfc3797';

const SECRET = '0123456789abcdef'.repeat(4);
const OTHER_SECRET = 'fedcba9876543210'.repeat(4);
const SOURCES = ['S-2020-ECON-01', '2020-06-13T01:30:00Z', '4711'];
const ITEMS = ['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07'];

function record(): StoredDrawRecord {
  return drawItems({ secret: SECRET, sources: SOURCES, items: ITEMS, count: 3 });
}

describe('verifyDrawRecord', () => {
  it('accepts an untouched record', () => {
    expect(verifyDrawRecord(record())).toEqual({ ok: true });
  });

  it('fails when the result is reordered or replaced', () => {
    const original = record();
    const reordered = { ...original, result: [...original.result].reverse() };
    const verdict = verifyDrawRecord(reordered);
    expect(verdict).toEqual({
      ok: false,
      reason:
        `result mismatch: expected ${JSON.stringify(original.result)}, ` +
        `got ${JSON.stringify(reordered.result)}`,
    });
    const unpicked = ITEMS.find((item) => !original.result.includes(item)) as string;
    const replaced = { ...original, result: [unpicked, ...original.result.slice(1)] };
    expect(verifyDrawRecord(replaced)).toMatchObject({ ok: false, reason: /^result mismatch/ });
  });

  it('fails when the secret no longer matches the published commitment', () => {
    const verdict = verifyDrawRecord({ ...record(), secret: OTHER_SECRET });
    expect(verdict).toEqual({
      ok: false,
      reason:
        `commitment mismatch: SHA-256 of the secret is ${commitmentOf(OTHER_SECRET)}, ` +
        `the record says ${commitmentOf(SECRET)}`,
    });
  });

  it('fails when secret and commitment are both swapped, because the result changes', () => {
    const swapped = { ...record(), secret: OTHER_SECRET, commitment: commitmentOf(OTHER_SECRET) };
    expect(verifyDrawRecord(swapped)).toMatchObject({ ok: false, reason: /^result mismatch/ });
  });

  it('fails when a public source or the item list is edited', () => {
    expect(
      verifyDrawRecord({ ...record(), sources: [...SOURCES.slice(0, 2), '4712'] }),
    ).toMatchObject({ ok: false, reason: /^result mismatch/ });
    expect(verifyDrawRecord({ ...record(), items: [...ITEMS, 'C08'] })).toMatchObject({
      ok: false,
      reason: /^result mismatch/,
    });
  });

  it.each<[string, Partial<StoredDrawRecord>, string]>([
    ['another algorithm', { algorithm: 'rfc3797-md5' }, "unsupported algorithm 'rfc3797-md5'"],
    ['a malformed secret', { secret: 'ABC' }, 'malformed secret'],
    ['count above the items', { count: 8 }, 'invalid draw inputs: cannot draw 8 from 7'],
    ['duplicate items', { items: ['C01', 'C01'], count: 1 }, "duplicate item 'C01'"],
    ['no sources', { sources: [] }, 'at least one public source'],
  ])('fails on %s', (_label, change, reason) => {
    const verdict = verifyDrawRecord({ ...record(), ...change });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain(reason);
  });

  it('checks the panel extension of a panel draw', () => {
    const { record: panelRecord } = drawPanel({
      secret: SECRET,
      sources: SOURCES,
      pool: [
        { id: 'A', hiringSide: false },
        { id: 'B', hiringSide: true },
        { id: 'C', hiringSide: false },
        { id: 'D', hiringSide: true },
        { id: 'E', hiringSide: false },
      ],
      size: 3,
      recusedIds: ['E'],
    });
    expect(verifyDrawRecord(panelRecord)).toEqual({ ok: true });

    const swappedMembers = { ...panelRecord.panel, members: ['A', 'B', 'D'] };
    expect(verifyDrawRecord({ ...panelRecord, panel: swappedMembers })).toMatchObject({
      ok: false,
      reason: /^panel member mismatch/,
    });
    // drawn order C, A, B, D: relabelling A as hiring side means B must be skipped
    expect(panelRecord.result).toEqual(['C', 'A', 'B', 'D']);
    const relabelled = { ...panelRecord.panel, hiringSide: ['A', 'B'] };
    expect(verifyDrawRecord({ ...panelRecord, panel: relabelled })).toEqual({
      ok: false,
      reason: 'panel member mismatch: expected ["C","A","D"], got ["C","A","B"]',
    });
    const strayHiringSide = { ...panelRecord.panel, hiringSide: ['B', 'Z'] };
    expect(verifyDrawRecord({ ...panelRecord, panel: strayHiringSide })).toEqual({
      ok: false,
      reason: "panel: hiring-side examiner 'Z' is not among the drawn items",
    });
    const recusedButDrawn = { ...panelRecord.panel, recused: ['A'] };
    expect(verifyDrawRecord({ ...panelRecord, panel: recusedButDrawn })).toEqual({
      ok: false,
      reason: "panel: recused examiner 'A' is among the drawn items",
    });
    const tooLarge = { ...panelRecord.panel, size: 4 };
    expect(verifyDrawRecord({ ...panelRecord, panel: tooLarge })).toEqual({
      ok: false,
      reason: 'panel: the drawn order cannot fill a panel of 4',
    });
  });
});

describe('parseDrawRecord', () => {
  it('round-trips a record through JSON and keeps only known fields', () => {
    const json = JSON.parse(JSON.stringify({ ...record(), publishedAt: '2020-06-13T02:00:00Z' }));
    const parsed = parseDrawRecord(json);
    expect(parsed).toEqual({ ok: true, record: record() });
    expect(parsed.ok && verifyDrawRecord(parsed.record)).toEqual({ ok: true });
  });

  it('keeps a well-formed panel extension', () => {
    const { record: panelRecord } = drawPanel({
      secret: SECRET,
      sources: SOURCES,
      pool: [
        { id: 'A', hiringSide: false },
        { id: 'B', hiringSide: false },
      ],
      size: 1,
    });
    expect(parseDrawRecord(JSON.parse(JSON.stringify(panelRecord)))).toEqual({
      ok: true,
      record: panelRecord,
    });
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'a draw record must be a JSON object'],
    ['null', null, 'a draw record must be a JSON object'],
    ['a missing secret', { ...record(), secret: undefined }, "field 'secret' is missing"],
    ['a numeric commitment', { ...record(), commitment: 5 }, "field 'commitment' is missing or"],
    ['items that are numbers', { ...record(), items: [1, 2] }, "field 'items' is missing or not"],
    ['a missing result', { ...record(), result: undefined }, "field 'result'"],
    ['a count string', { ...record(), count: '3' }, "field 'count' is missing or not a number"],
    ['a malformed panel', { ...record(), panel: { size: 2 } }, "field 'panel' must be"],
  ])('refuses %s', (_label, value, reason) => {
    const parsed = parseDrawRecord(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});
