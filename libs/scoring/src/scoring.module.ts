import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '@yunzhao/sessions';
import { TimelineModule } from '@yunzhao/timeline';
import { MarksService } from './marks.service';
import { PublicationsService } from './publications.service';
import { ResultsService } from './results.service';
import { RubricsService } from './rubrics.service';
import { ScoreBroadcaster } from './score-broadcaster.service';
import { ScoringCampaignsController, ScoringController } from './scoring.controller';
import { SCORING_ENTITIES } from './scoring.entity';

/** Live scoring: rubrics, marks, publication to the room, corrections, results. */
@Module({
  imports: [TypeOrmModule.forFeature(SCORING_ENTITIES), SessionsModule, TimelineModule],
  controllers: [ScoringController, ScoringCampaignsController],
  providers: [RubricsService, MarksService, PublicationsService, ResultsService, ScoreBroadcaster],
  exports: [RubricsService, PublicationsService],
})
export class ScoringModule {}
