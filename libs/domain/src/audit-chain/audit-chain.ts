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
  seq: string;
  prevHash: string;
  hash: string;
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
  reason: 'prev-hash-mismatch' | 'content-hash-mismatch';
};

/**
 * Walks entries in sequence order and returns the first one whose link or own
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
