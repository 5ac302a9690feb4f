import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, ConfigModule } from '@yunzhao/config';
import { AllExceptionsFilter, loggerParams } from '@yunzhao/core';
import { RedisModule } from '@yunzhao/db';
import { LoggerModule } from 'nestjs-pino';
import { MediaHealthController } from './health/media-health.controller';
import { SignalingGateway } from './signaling/signaling.gateway';
import { WorkerPool } from './workers/worker-pool.service';

/** The SFU node: mediasoup workers, signaling, and (later) rooms and recorders. */
@Module({})
export class MediaModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MediaModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'media')),
        RedisModule,
        JwtModule.register({ secret: config.auth.jwtSecret, verifyOptions: { issuer: 'yunzhao' } }),
      ],
      controllers: [MediaHealthController],
      providers: [
        WorkerPool,
        SignalingGateway,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
