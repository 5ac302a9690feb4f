import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@yunzhao/accounts';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ReferenceDataModule } from '@yunzhao/reference-data';
import { ApplicationsService } from './applications.service';
import { DocumentsService } from './documents.service';
import {
  ApplicationsController,
  DocumentsController,
  ProfileController,
  RegistrationController,
  ReviewController,
} from './registration.controller';
import {
  ApplicationEntity,
  ApplicationHistoryEntity,
  CandidateProfileEntity,
  DocumentEntity,
  EducationRecordEntity,
} from './registration.entity';
import { RegistrationService } from './registration.service';
import { ProfileService } from './profile.service';
import { ReviewService } from './review.service';

/** Candidate side: registration, profile, documents, applications; and HR review. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CandidateProfileEntity,
      EducationRecordEntity,
      DocumentEntity,
      ApplicationEntity,
      ApplicationHistoryEntity,
    ]),
    // Uploads stay in memory (the size limit bounds it) until their type is checked.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: {
          fileSize: config.storage.maxUploadBytes,
          files: 1,
          fields: 5,
          parts: 6,
          fieldSize: 1024,
        },
      }),
    }),
    AccountsModule,
    ReferenceDataModule,
  ],
  controllers: [
    RegistrationController,
    ProfileController,
    DocumentsController,
    ApplicationsController,
    ReviewController,
  ],
  providers: [
    RegistrationService,
    ProfileService,
    DocumentsService,
    ApplicationsService,
    ReviewService,
  ],
})
export class RegistrationModule {}
