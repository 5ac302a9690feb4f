import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountsModule } from '@yunzhao/accounts';
import { AuditModule } from '@yunzhao/audit';
import { CampaignsModule } from '@yunzhao/campaigns';
import { AppConfig, ConfigModule } from '@yunzhao/config';
import { AllExceptionsFilter, loggerParams } from '@yunzhao/core';
import { DatabaseModule, RedisModule } from '@yunzhao/db';
import { ReferenceDataModule } from '@yunzhao/reference-data';
import { RegistrationModule } from '@yunzhao/registration';
import { TimelineApiModule } from '@yunzhao/timeline';
import { ScoringModule } from '@yunzhao/scoring';
import { SessionsModule } from '@yunzhao/sessions';
import { QuestionBankModule } from '@yunzhao/question-bank';
import { MatchingModule } from '@yunzhao/matching';
import { RecordingsApiModule } from '@yunzhao/recordings';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';

/** The HTTP API: one import per capability. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'api')),
        DatabaseModule.forRoot(),
        RedisModule,
        AuditModule,
        AccountsModule,
        HealthModule,
        SessionsModule,
        QuestionBankModule,
        TimelineApiModule,
        ReferenceDataModule,
        CampaignsModule,
        RegistrationModule,
        ScoringModule,
        RecordingsApiModule,
        MatchingModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
