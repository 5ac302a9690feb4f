import { createHash } from 'node:crypto';
import { canonicalJson, JsonValue } from './canonical-json';

/** The hash that the first entry of a chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry says; its hash covers exactly these fields. */
export interface AuditContent {
  actor: string;
  action: string;
  subject: string;
  /** ISO 8601 with milliseconds, UTC. */
  time: string;
  details: { [key: string]: JsonValue };
}

export interface ChainedAuditEntry extends AuditContent {
  /** The entry's id (insertion order); not its place in the chain. */
  seq: string;
  prevHash: string;
  hash: string;
}

/** An entry written but not yet linked into the chain. */
export interface UnchainedAuditEntry extends AuditContent {
  seq: string;
}

/** The chain columns the chainer fills in, once, for one entry. */
export interface ChainLink {
  seq: string;
  /** 1-based position in the chain (bigint as a decimal string). */
  chainPos: string;
  prevHash: string;
  hash: string;
}

/** The last entry of the chain so far: its position and hash (position '0' for an empty chain). */
export interface ChainTip {
  chainPos: string;
  hash: string;
}

export const EMPTY_CHAIN_TIP: ChainTip = { chainPos: '0', hash: GENESIS_HASH };

/**
 * Appends entries to the chain in the order given (the order the chainer saw
 * them commit, which need not be `seq` order): each gets the next position,
 * its predecessor's hash and its own hash.
 */
export function chainAuditEntries(
  tip: ChainTip,
  entries: Iterable<UnchainedAuditEntry>,
): ChainLink[] {
  const links: ChainLink[] = [];
  let position = BigInt(tip.chainPos);
  let prevHash = tip.hash;
  for (const entry of entries) {
    position += 1n;
    const hash = auditEntryHash(prevHash, entry);
    links.push({ seq: entry.seq, chainPos: position.toString(), prevHash, hash });
    prevHash = hash;
  }
  return links;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The SHA-256 of an entry: its predecessor's hash, then its canonical content. */
export function auditEntryHash(prevHash: string, content: AuditContent): string {
  const { actor, action, subject, time, details } = content;
  return sha256Hex(`${prevHash}\n${canonicalJson({ actor, action, subject, time, details })}`);
}

export type ChainBreak = {
  seq: string;
  action: string;
  /**
   * `unchained`: the entry was written long enough ago that it should be in the
   * chain by now, and is not (the chainer is not running, or the entry was slipped in).
   */
  reason: 'prev-hash-mismatch' | 'content-hash-mismatch' | 'unchained';
};

/**
 * Walks entries in chain order (chain position, not seq) and returns the first one whose link or own
 * hash does not hold, or null when the whole chain verifies.
 * `previousHash` lets a caller verify a chain in pages.
 */
export function findChainBreak(
  entries: Iterable<ChainedAuditEntry>,
  previousHash = GENESIS_HASH,
): { broken: ChainBreak | null; lastHash: string } {
  let expectedPrev = previousHash;
  for (const entry of entries) {
    if (entry.prevHash !== expectedPrev) {
      return {
        broken: { seq: entry.seq, action: entry.action, reason: 'prev-hash-mismatch' },
        lastHash: expectedPrev,
      };
    }
    if (auditEntryHash(entry.prevHash, entry) !== entry.hash) {
      return {
        broken: { seq: entry.seq, action: entry.action, reason: 'content-hash-mismatch' },
        lastHash: expectedPrev,
      };
    }
    expectedPrev = entry.hash;
  }
  return { broken: null, lastHash: expectedPrev };
}
