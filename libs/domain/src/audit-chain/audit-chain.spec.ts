import { createHash } from 'node:crypto';
import {
  auditEntryHash,
  chainAuditEntries,
  ChainedAuditEntry,
  EMPTY_CHAIN_TIP,
  findChainBreak,
  GENESIS_HASH,
  UnchainedAuditEntry,
} from './audit-chain';
import { canonicalJson } from './canonical-json';

function chain(count: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const content = {
      actor: `user:${i}`,
      action: 'auth.login',
      subject: `user:${i}`,
      time: `2026-11-25T10:00:0${i}.000Z`,
      details: { ip: '127.0.0.1', n: i },
    };
    const hash = auditEntryHash(prevHash, content);
    entries.push({ ...content, seq: String(i), prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1]},"b":1}',
    );
  });

  it('gives the same text for the same value built in another key order', () => {
    expect(canonicalJson({ x: 1, y: { q: true, p: null } })).toBe(
      canonicalJson({ y: { p: null, q: true }, x: 1 }),
    );
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('audit hash chain', () => {
  it('hashes the previous hash and the canonical content with SHA-256', () => {
    const content = {
      actor: 'a',
      action: 'x',
      subject: 's',
      time: '2026-01-01T00:00:00.000Z',
      details: { k: 'v' },
    };
    const expected = createHash('sha256')
      .update(
        `${GENESIS_HASH}\n{"action":"x","actor":"a","details":{"k":"v"},"subject":"s","time":"2026-01-01T00:00:00.000Z"}`,
      )
      .digest('hex');
    expect(auditEntryHash(GENESIS_HASH, content)).toBe(expected);
  });

  it('verifies an intact chain', () => {
    const entries = chain(5);
    expect(findChainBreak(entries)).toEqual({ broken: null, lastHash: entries[4].hash });
  });

  it('names the entry whose details were changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], details: { ip: '10.0.0.1', n: 3 } };
    expect(findChainBreak(entries).broken).toEqual({
      seq: '3',
      action: 'auth.login',
      reason: 'content-hash-mismatch',
    });
  });

  it('names the entry after a deleted one', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findChainBreak(entries).broken).toEqual({
      seq: '3',
      action: 'auth.login',
      reason: 'prev-hash-mismatch',
    });
  });

  it('catches an entry whose hash was recomputed after tampering, at the next link', () => {
    const entries = chain(4);
    const forged = { ...entries[1], actor: 'user:evil' };
    entries[1] = { ...forged, hash: auditEntryHash(forged.prevHash, forged) };
    expect(findChainBreak(entries).broken).toEqual({
      seq: '3',
      action: 'auth.login',
      reason: 'prev-hash-mismatch',
    });
  });
});

describe('chaining entries after they commit', () => {
  const written = (seq: number): UnchainedAuditEntry => ({
    seq: String(seq),
    actor: 'system',
    action: 'score.publish',
    subject: `session:${seq}`,
    time: `2026-11-25T10:00:${String(seq).padStart(2, '0')}.000Z`,
    details: { seq },
  });
  const withLinks = (entries: UnchainedAuditEntry[], tip = EMPTY_CHAIN_TIP) =>
    chainAuditEntries(tip, entries).map((link, i) => ({ ...entries[i], ...link }));

  it('gives positions from 1 on an empty chain, linked from the genesis hash', () => {
    const links = chainAuditEntries(EMPTY_CHAIN_TIP, [written(1), written(2)]);
    expect(links.map((l) => l.chainPos)).toEqual(['1', '2']);
    expect(links[0].prevHash).toBe(GENESIS_HASH);
    expect(links[1].prevHash).toBe(links[0].hash);
    expect(links[0].hash).toBe(auditEntryHash(GENESIS_HASH, written(1)));
  });

  it('continues from the tip of the chain so far, batch after batch', () => {
    const first = withLinks([written(1), written(2)]);
    const tip = { chainPos: first[1].chainPos, hash: first[1].hash };
    const second = withLinks([written(3)], tip);
    expect(second[0].chainPos).toBe('3');
    expect(findChainBreak([...first, ...second])).toEqual({
      broken: null,
      lastHash: second[0].hash,
    });
  });

  it('chains in the order entries became visible, not in seq order, and that order verifies', () => {
    // seq 5 was written first but its transaction committed after seq 6 and 7 were chained.
    const early = withLinks([written(6), written(7)]);
    const late = withLinks([written(5)], { chainPos: early[1].chainPos, hash: early[1].hash });
    const chain = [...early, ...late];
    expect(chain.map((e) => [e.seq, e.chainPos])).toEqual([
      ['6', '1'],
      ['7', '2'],
      ['5', '3'],
    ]);
    expect(findChainBreak(chain).broken).toBeNull();
    // Walking the same entries in seq order does not verify: the chain order is what counts.
    const bySeq = [...chain].sort((a, b) => Number(a.seq) - Number(b.seq));
    expect(findChainBreak(bySeq).broken).toEqual({
      seq: '5',
      action: 'score.publish',
      reason: 'prev-hash-mismatch',
    });
  });

  it('counts positions beyond 2^53 exactly', () => {
    const [link] = chainAuditEntries({ chainPos: '9007199254740993', hash: GENESIS_HASH }, [
      written(1),
    ]);
    expect(link.chainPos).toBe('9007199254740994');
  });
});
