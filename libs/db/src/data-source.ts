// The data source the TypeORM CLI uses (npm run migration:generate|run|revert).
// The apps do not import this file: they register entities per feature.
import { AuditEntryEntity } from '@yunzhao/audit';
import { RefreshTokenEntity, UserEntity } from '@yunzhao/accounts';
import { readDatabaseUrl } from '@yunzhao/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({
  ...dataSourceOptions(readDatabaseUrl()),
  entities: [UserEntity, RefreshTokenEntity, AuditEntryEntity],
});
