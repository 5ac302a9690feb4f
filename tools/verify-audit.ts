// npm run verify-audit: links any committed but not yet chained entries into
// the audit chain (as the api's chainer would), then re-hashes the whole chain
// of DATABASE_URL in chain order and names the first entry that was altered,
// removed or inserted out of order, or that waited too long to be chained.
// `--read-only` skips the chaining step (the database is only read).
// Exit 0: the chain holds. Exit 1: it is broken. Exit 2: it could not be checked.
import {
  AUDIT_CHAIN_MAX_LAG_MS,
  chainAllPendingAuditEntries,
  verifyAuditChain,
} from '@yunzhao/audit';
import { readDatabaseUrl } from '@yunzhao/config';
import { Client } from 'pg';

const REASONS = {
  'content-hash-mismatch':
    'its content no longer matches its hash (it was changed after it was written)',
  'prev-hash-mismatch':
    'it does not link to the entry before it (an entry was removed, inserted or re-hashed)',
  unchained: `it was written more than ${AUDIT_CHAIN_MAX_LAG_MS / 1000} s ago and is still not in the chain (no chainer is running, or it was slipped in)`,
} as const;

async function main(): Promise<number> {
  const readOnly = process.argv.includes('--read-only');
  const client = new Client({ connectionString: readDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const query = async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows;
    const chained = readOnly ? 0 : await chainAllPendingAuditEntries(query);
    const result = await verifyAuditChain(query);
    if (result.broken) {
      const { seq, action, reason } = result.broken;
      process.stderr.write(`audit chain BROKEN at entry #${seq} (${action}): ${REASONS[reason]}\n`);
      return 1;
    }
    const notes = [
      chained > 0 ? `${chained} newly chained` : '',
      result.unchained > 0 ? `${result.unchained} recent entries not chained yet` : '',
    ].filter(Boolean);
    process.stdout.write(
      `audit chain OK: ${result.entries} entries verified, last hash ${result.lastHash}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}\n`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `verify-audit could not check the chain: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
