import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@yunzhao/notifications';
import { ReferenceDataModule } from '@yunzhao/reference-data';
import { ResultsService } from '@yunzhao/scoring';
import { HirePortalService } from './hire-portal.service';
import { MatchingController, MyMatchingController } from './matching.controller';
import { MATCHING_ENTITIES } from './matching.entity';
import { MatchingRunsService } from './matching-runs.service';
import { MatchingSetupService } from './matching-setup.service';

/**
 * Matching hires to positions (issue 8) over the pure algorithms of libs/domain/src/matching.
 * ResultsService (scoring) only reads published scores: it gives a hire's rank by default.
 */
@Module({
  imports: [TypeOrmModule.forFeature(MATCHING_ENTITIES), ReferenceDataModule, NotificationsModule],
  controllers: [MatchingController, MyMatchingController],
  providers: [MatchingSetupService, MatchingRunsService, HirePortalService, ResultsService],
  exports: [MatchingRunsService],
})
export class MatchingModule {}
