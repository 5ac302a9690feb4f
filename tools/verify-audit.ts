// npm run verify-audit: re-hashes the whole audit log of DATABASE_URL and
// names the first entry that was altered, removed or inserted out of order.
// Exit 0: the chain holds. Exit 1: it is broken. Exit 2: it could not be checked.
import { verifyAuditChain } from '@yunzhao/audit';
import { readDatabaseUrl } from '@yunzhao/config';
import { Client } from 'pg';

const REASONS = {
  'content-hash-mismatch':
    'its content no longer matches its hash (it was changed after it was written)',
  'prev-hash-mismatch':
    'it does not link to the entry before it (an entry was removed, inserted or re-hashed)',
} as const;

async function main(): Promise<number> {
  const client = new Client({ connectionString: readDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const result = await verifyAuditChain(
      async (sql, params) => (await client.query(sql, params)).rows,
    );
    if (result.broken) {
      const { seq, action, reason } = result.broken;
      process.stderr.write(`audit chain BROKEN at entry #${seq} (${action}): ${REASONS[reason]}\n`);
      return 1;
    }
    process.stdout.write(
      `audit chain OK: ${result.entries} entries verified, last hash ${result.lastHash}\n`,
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
