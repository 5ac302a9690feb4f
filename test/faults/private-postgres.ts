// A private Postgres cluster for fault tests: initdb into a temp dir and a postgres process the
// test may stop and start, so the shared server on 5432 is never touched. The test process runs
// as root, which initdb and postgres refuse, so both run as the postgres user.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error(`no Postgres server binaries under ${root}`);
  return path.join(root, version, 'bin');
}

function asPostgres(bin: string, args: string[]): string[] {
  return process.getuid?.() === 0
    ? ['runuser', '-u', 'postgres', '--', bin, ...args]
    : [bin, ...args];
}

export interface PrivatePostgres {
  port: number;
  url(database?: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: clients are disconnected, the server is gone when this returns. */
  stop(): Promise<void>;
  /** Stops the server (if running) and removes the cluster directory. */
  destroy(): Promise<void>;
  /** Creates an empty database on the running server and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

export async function createPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-fault-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, ...rest] = asPostgres(path.join(bin, tool), args);
    execFileSync(command, rest, { stdio: 'pipe', timeout: 60_000 });
  };
  run('initdb', ['-A', 'trust', '-U', 'postgres', '-D', data, '--no-sync']);

  let server: { exited: Promise<void>; running: boolean } | undefined;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  async function accepting(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      const client = new Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (!server?.running) throw new Error('postgres exited before it accepted connections');
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const instance: PrivatePostgres = {
    port,
    url,
    async start() {
      const [command, ...args] = asPostgres(path.join(bin, 'postgres'), [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ]);
      const child = spawn(command, args, { stdio: 'ignore' });
      const state = {
        running: true,
        exited: new Promise<void>((resolve) =>
          child.on('close', () => {
            state.running = false;
            resolve();
          }),
        ),
      };
      server = state;
      await accepting(30_000);
    },
    async stop() {
      if (!server?.running) return;
      run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30']);
      await server.exited;
    },
    async createDatabase(name: string) {
      const admin = new Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async destroy() {
      if (server?.running) {
        try {
          run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30']);
        } catch {
          // already gone
        }
        await server.exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return instance;
}
