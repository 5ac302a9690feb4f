import {
  ChainBreak,
  chainAuditEntries,
  ChainTip,
  EMPTY_CHAIN_TIP,
  findChainBreak,
  GENESIS_HASH,
  JsonValue,
} from '@yunzhao/domain';

/**
 * The audit chain is linked after the fact. `AuditService.record` inserts an
 * entry with empty chain columns inside the business transaction, so audited
 * writes never wait for one another. A single chainer at a time (this advisory
 * lock; whichever process holds it does the work) takes the entries that have
 * become visible, in `seq` order within a batch, and gives each the next chain
 * position, its predecessor's hash and its own hash. Batches follow one
 * another in commit-visibility order, which is why the chain has its own
 * position (`chain_pos`): an entry with a lower `seq` can commit later.
 */
export const AUDIT_CHAIN_LOCK_KEY = 7_244_002;

/** Entries the chainer links per transaction. */
export const AUDIT_CHAIN_BATCH = 500;

/**
 * An entry written this long ago and still unchained is reported by the
 * verification: the chainer normally links entries within a second.
 */
export const AUDIT_CHAIN_MAX_LAG_MS = 10_000;

/** A query on ONE connection (the chainer issues BEGIN/COMMIT on it). */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface AuditVerification {
  /** Entries in the chain that verified (all of them when `broken` is null). */
  entries: number;
  lastHash: string;
  broken: ChainBreak | null;
  /** Entries written but not linked yet (recent ones are normal; old ones are `broken`). */
  unchained: number;
}

const content = (row: Record<string, unknown>) => ({
  seq: String(row.seq),
  actor: String(row.actor),
  action: String(row.action),
  subject: String(row.subject),
  time: new Date(row.occurred_at as string | Date).toISOString(),
  details: row.details as { [key: string]: JsonValue },
});

/**
 * One chaining pass in one transaction: up to `batchSize` visible unchained
 * entries get their chain columns. Returns how many were chained, or null when
 * another chainer holds the lock and `wait` is false.
 */
export async function chainAuditBatch(
  query: SqlQuery,
  options: { wait?: boolean; batchSize?: number } = {},
): Promise<number | null> {
  // Idle is the common case: one cheap look, no transaction.
  const [any] = await query(
    'SELECT EXISTS (SELECT 1 FROM audit_log WHERE chain_pos IS NULL) AS pending',
  );
  if (!any.pending) return 0;
  await query('BEGIN');
  try {
    if (options.wait) {
      await query(`SET LOCAL lock_timeout = '10s'`);
      await query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    } else {
      const [lock] = await query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        AUDIT_CHAIN_LOCK_KEY,
      ]);
      if (!lock.locked) {
        await query('ROLLBACK');
        return null;
      }
    }
    // Columns are qualified in ORDER BY: the bare names would sort the ::text aliases.
    // Both reads take their snapshot after the lock: they see every earlier chainer's work.
    const pending = await query(
      `SELECT seq::text AS seq, actor, action, subject, occurred_at, details FROM audit_log
        WHERE chain_pos IS NULL ORDER BY audit_log.seq LIMIT $1`,
      [options.batchSize ?? AUDIT_CHAIN_BATCH],
    );
    if (pending.length === 0) {
      await query('COMMIT');
      return 0;
    }
    const [last] = await query(
      `SELECT chain_pos::text AS chain_pos, hash FROM audit_log
        WHERE chain_pos IS NOT NULL ORDER BY audit_log.chain_pos DESC LIMIT 1`,
    );
    const tip: ChainTip = last
      ? { chainPos: String(last.chain_pos), hash: String(last.hash) }
      : EMPTY_CHAIN_TIP;
    const links = chainAuditEntries(tip, pending.map(content));
    const [done] = await query(
      `WITH linked AS (
         UPDATE audit_log a SET chain_pos = l.pos, prev_hash = l.prev_hash, hash = l.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS l(seq, pos, prev_hash, hash)
          WHERE a.seq = l.seq AND a.chain_pos IS NULL
         RETURNING 1)
       SELECT count(*)::int AS n FROM linked`,
      [
        links.map((l) => l.seq),
        links.map((l) => l.chainPos),
        links.map((l) => l.prevHash),
        links.map((l) => l.hash),
      ],
    );
    if (Number(done.n) !== links.length)
      throw new Error(`audit chainer linked ${String(done.n)} of ${links.length} entries`);
    await query('COMMIT');
    return links.length;
  } catch (error) {
    await query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Chains everything visible now (waiting for the lock if another chainer has
 * it): after this, every entry committed before the call is in the chain.
 * Returns how many entries it chained.
 */
export async function chainAllPendingAuditEntries(
  query: SqlQuery,
  batchSize = AUDIT_CHAIN_BATCH,
): Promise<number> {
  let total = 0;
  for (;;) {
    const chained = (await chainAuditBatch(query, { wait: true, batchSize })) ?? 0;
    total += chained;
    if (chained < batchSize) return total;
  }
}

/**
 * Re-hashes the whole chain in chain order, a page at a time, and reports the
 * first entry that does not hold; then reports an entry that has waited longer
 * than `maxLagMs` to be chained. Read-only. Takes a bare query function so the
 * CLI can run it with pg.
 */
export async function verifyAuditChain(
  query: SqlQuery,
  options: { pageSize?: number; maxLagMs?: number } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const maxLagMs = options.maxLagMs ?? AUDIT_CHAIN_MAX_LAG_MS;
  let lastPos = '0';
  let lastHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const rows = await query(
      `SELECT seq::text AS seq, chain_pos::text AS chain_pos, actor, action, subject, occurred_at, details,
              prev_hash, hash
         FROM audit_log WHERE audit_log.chain_pos > $1 ORDER BY audit_log.chain_pos LIMIT $2`,
      [lastPos, pageSize],
    );
    if (rows.length === 0) break;
    const page = rows.map((row) => ({
      ...content(row),
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
    }));
    const result = findChainBreak(page, lastHash);
    if (result.broken) {
      const [{ n }] = await query(
        'SELECT count(*)::int AS n FROM audit_log WHERE chain_pos IS NULL',
      );
      return {
        entries: entries + page.findIndex((e) => e.seq === result.broken?.seq),
        lastHash: result.lastHash,
        broken: result.broken,
        unchained: Number(n),
      };
    }
    entries += page.length;
    lastHash = result.lastHash;
    lastPos = String(rows[rows.length - 1].chain_pos);
  }
  const [stale] = await query(
    `SELECT count(*)::int AS unchained,
            (SELECT json_build_object('seq', seq::text, 'action', action) FROM audit_log
              WHERE chain_pos IS NULL AND occurred_at < now() - make_interval(secs => $1)
              ORDER BY audit_log.seq LIMIT 1) AS oldest
       FROM audit_log WHERE chain_pos IS NULL`,
    [maxLagMs / 1000],
  );
  const oldest = stale.oldest as { seq: string; action: string } | null;
  return {
    entries,
    lastHash,
    broken: oldest ? { seq: oldest.seq, action: oldest.action, reason: 'unchained' } : null,
    unchained: Number(stale.unchained),
  };
}
