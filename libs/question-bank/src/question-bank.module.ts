import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { SessionsModule } from '@yunzhao/sessions';
import { TimelineModule } from '@yunzhao/timeline';
import {
  PublicDrawsController,
  QuestionBankController,
  QuestionDrawController,
} from './question-bank.controller';
import {
  QuestionBankEntity,
  QuestionDrawInputEntity,
  QuestionRevealEntity,
  QuestionSetEntity,
  QuestionSetUseEntity,
} from './question-bank.entity';
import { QuestionBankService } from './question-bank.service';
import { QuestionDrawService } from './question-draw.service';
import { RoomEventsService } from './room-events.service';

/** Question banks (encrypted, sealed), the per-session question draw, and public draw records. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      QuestionBankEntity,
      QuestionSetEntity,
      QuestionSetUseEntity,
      QuestionDrawInputEntity,
      QuestionRevealEntity,
    ]),
    // One file, held in memory (bounded by QUESTION_IMPORT_MAX_BYTES) until its content is checked.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.questionBank.importMaxBytes, files: 1, fields: 0, parts: 1 },
      }),
    }),
    SessionsModule,
    TimelineModule,
  ],
  controllers: [QuestionBankController, QuestionDrawController, PublicDrawsController],
  providers: [QuestionBankService, QuestionDrawService, RoomEventsService],
  exports: [QuestionBankService, QuestionDrawService],
})
export class QuestionBankModule {}
