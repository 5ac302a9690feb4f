export * from './data-source-options';
export * from './database.module';
export * from './migrate';
export * from './redis.module';
export * from './pg-errors';
export * from './prepared';
