#!/usr/bin/env node
// Checks that PostgreSQL and Redis answer before anything starts, and says
// plainly how to start them when they do not. With --create-db it also
// creates the database named in DATABASE_URL when it does not exist yet.
const { Client } = require('pg');
const Redis = require('ioredis');

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/yunzhao';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const createDb = process.argv.includes('--create-db');

async function checkPostgres() {
  const target = new URL(databaseUrl);
  const dbName = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${target.host} (${error.code || error.message}).\n` +
        `  Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `  or point DATABASE_URL at a running server.`,
    );
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      dbName,
    ]);
    if (rowCount === 0 && createDb) {
      await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
      console.error(`created database ${dbName}`);
    }
  } finally {
    await client.end();
  }
}

async function checkRedis() {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${new URL(redisUrl).host} (${error.code || error.message}).\n` +
        `  Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n` +
        `  or point REDIS_URL at a running server.`,
    );
  } finally {
    client.disconnect();
  }
}

Promise.allSettled([checkPostgres(), checkRedis()]).then((results) => {
  const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
});
