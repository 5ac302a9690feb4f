import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './env';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the config parsed at boot injectable everywhere as APP_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
