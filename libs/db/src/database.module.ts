import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { dataSourceOptions } from './data-source-options';

/** Postgres through TypeORM; each feature module registers its own entities. */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl),
            autoLoadEntities: true,
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
    };
  }
}
