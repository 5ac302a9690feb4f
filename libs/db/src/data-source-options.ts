import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { PoolClient } from './pool-client';

/**
 * TypeORM options shared by the apps and the migration CLI. The schema only
 * ever changes through migrations; `synchronize` stays off.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    migrations: [path.join(__dirname, 'migrations', '*.{ts,js}')],
    // Fail fast when Postgres is down so requests get a 503 instead of hanging.
    extra: { max: 20, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000, Client: PoolClient },
  };
}
