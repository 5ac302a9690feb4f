import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, ConfigModule } from '@yunzhao/config';
import { AllExceptionsFilter, loggerParams } from '@yunzhao/core';
import { DatabaseModule, RedisModule } from '@yunzhao/db';
import { TimelineModule } from '@yunzhao/timeline';
import { LoggerModule } from 'nestjs-pino';
import { MediaNodeHeartbeat } from './cluster/node-heartbeat.service';
import { MediaHealthController } from './health/media-health.controller';
import { RecordingService } from './recording/recording.service';
import { RoomRegistry } from './rooms/room-registry.service';
import { DisabledAccounts } from './signaling/disabled-accounts';
import { SignalingGateway } from './signaling/signaling.gateway';
import { WorkerPool } from './workers/worker-pool.service';

/** The SFU node: mediasoup workers, session rooms, signaling, and recorders. */
@Module({})
export class MediaModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MediaModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'media')),
        DatabaseModule.forRoot(),
        RedisModule,
        TimelineModule,
        JwtModule.register({
          secret: config.auth.jwtSecret,
          verifyOptions: { issuer: 'yunzhao', algorithms: ['HS256'] },
        }),
      ],
      controllers: [MediaHealthController],
      providers: [
        // First, so that on shutdown its recorders are stopped before workers and rooms close.
        RecordingService,
        WorkerPool,
        RoomRegistry,
        SignalingGateway,
        DisabledAccounts,
        MediaNodeHeartbeat,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
