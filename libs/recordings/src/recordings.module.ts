import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { FinalisationService } from './finalisation.service';
import { IntegrityService } from './integrity.service';
import { RECORDING_ENTITIES } from './recording.entity';
import { RecordingRetentionController, RecordingsController } from './recordings.controller';
import { RecordingsAccessService } from './recordings-access.service';
import { RetentionService } from './retention.service';
import { LocalDiskStorage, RECORDING_STORAGE } from './storage';

/** The recordings archive without HTTP routes: what apps/worker imports. */
@Module({
  imports: [TypeOrmModule.forFeature(RECORDING_ENTITIES)],
  providers: [
    {
      provide: RECORDING_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.recording.dir),
    },
    FinalisationService,
    IntegrityService,
    RetentionService,
  ],
  exports: [RECORDING_STORAGE, FinalisationService, IntegrityService, RetentionService],
})
export class RecordingsModule {}

/** Listing, playback, integrity on demand, retention and holds over HTTP: what apps/api imports. */
@Module({
  imports: [RecordingsModule],
  controllers: [RecordingsController, RecordingRetentionController],
  providers: [RecordingsAccessService],
})
export class RecordingsApiModule {}
