import { createHash } from 'node:crypto';
import { auditEntryHash, ChainedAuditEntry, findChainBreak, GENESIS_HASH } from './audit-chain';
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
