// Same-run A/B of an audited write transaction: the old design (a global advisory lock taken
// before the audit insert and held until commit, plus a read of the chain tip) against the new
// one (an unchained insert; the chainer links entries after commit). Throwaway database.
//   node -r ./scripts/ts-register.js bench/scoring/audit-lock-ab.ts   (N=1000 C=50 to change)
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { chainAllPendingAuditEntries, chainAuditBatch, verifyAuditChain } from '@yunzhao/audit';
import { auditEntryHash, GENESIS_HASH } from '@yunzhao/domain';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { performance } from 'node:perf_hooks';

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
async function main() {
  const name = `yz_ab_${Date.now()}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = SERVER.replace(/\/postgres$/, `/${name}`);
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  await runMigrations(ds);
  await ds.destroy();
  const pool = new Pool({ connectionString: url, max: 20 });
  const N = Number(process.env.N ?? 1000);
  const C = Number(process.env.C ?? 50);
  async function run(mode: 'lock' | 'unchained') {
    let next = 0;
    const lat: number[] = [];
    // In the new mode the chainer runs alongside, as in the api (a pass every 20 ms).
    let chaining = mode === 'unchained';
    const chainer = (async () => {
      if (!chaining) return;
      const client = await pool.connect();
      try {
        while (chaining) {
          await chainAuditBatch(async (sql, p) => (await client.query(sql, p)).rows);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        client.release();
      }
    })();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next++ < N) {
          const s = performance.now();
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query(`SELECT 1`);
            const now = new Date();
            if (mode === 'lock') {
              await c.query('SELECT pg_advisory_xact_lock(99)');
              const { rows } = await c.query(
                'SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY audit_log.seq DESC LIMIT 1',
              );
              const prev = rows[0]?.hash ?? GENESIS_HASH;
              const content = {
                actor: 'a',
                action: 'x',
                subject: 's',
                time: now.toISOString(),
                details: {},
              };
              // The old code hashed here; the row stays unchained so the schema's check holds.
              void auditEntryHash(prev, content);
              await c.query(
                `INSERT INTO audit_log (actor, action, subject, occurred_at, details) VALUES ('a','x','s',$1,'{}')`,
                [now],
              );
            } else {
              await c.query(
                `INSERT INTO audit_log (actor, action, subject, occurred_at, details) VALUES ('a','x','s',$1,'{}')`,
                [now],
              );
            }
            await c.query('COMMIT');
          } finally {
            c.release();
          }
          lat.push(performance.now() - s);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    chaining = false;
    await chainer;
    lat.sort((a, b) => a - b);
    return {
      mode,
      tps: Math.round(lat.length / secs),
      p50: Math.round(lat[Math.floor(lat.length * 0.5)]),
      p99: Math.round(lat[Math.floor(lat.length * 0.99)]),
    };
  }
  const out = [];
  for (let i = 0; i < 2; i++) {
    out.push(await run('lock'));
    out.push(await run('unchained'));
  }
  console.log(out);
  const c = await pool.connect();
  const t = performance.now();
  const chained = await chainAllPendingAuditEntries(async (sql, p) => (await c.query(sql, p)).rows);
  console.log('chained', chained, 'in', Math.round(performance.now() - t), 'ms');
  console.log(await verifyAuditChain(async (sql, p) => (await c.query(sql, p)).rows));
  c.release();
  await pool.end();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
