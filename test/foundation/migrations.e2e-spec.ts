import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { dataSourceOptions, runMigrations } from '@yunzhao/db';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/database';

const root = path.resolve(__dirname, '../..');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

function typeormCli(...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '-r',
      './scripts/ts-register.js',
      'node_modules/typeorm/cli.js',
      ...args,
      '-d',
      'libs/db/src/data-source.ts',
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    },
  );
}

describe('migrations', () => {
  it('apply on an empty database through npm run migration:run', () => {
    const run = typeormCli('migration:run');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/executed successfully/);
  });

  it('describe exactly the schema the entities declare (migration:generate finds nothing to add)', () => {
    const check = typeormCli('migration:generate', '--check', 'libs/db/src/migrations/Unexpected');
    expect(check.stdout + check.stderr).toContain('No changes in database schema were found');
    expect(check.status).toBe(0);
  });

  it('revert one by one down to an empty schema, then apply again', async () => {
    const dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      const total = dataSource.migrations.length;
      for (let i = 0; i < total; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query<{ table_name: string }[]>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'",
      );
      expect(tables).toEqual([]);
      const applied = await runMigrations(dataSource);
      expect(applied).toHaveLength(total);
    } finally {
      await dataSource.destroy();
    }
  });
});
