import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionTimelineEntryEntity } from './session-timeline-entry.entity';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

/** Writing the timeline: what the media node imports (no HTTP routes there). */
@Module({
  imports: [TypeOrmModule.forFeature([SessionTimelineEntryEntity])],
  providers: [TimelineService],
  exports: [TimelineService],
})
export class TimelineModule {}

/** Reading the timeline over HTTP: what the api imports. */
@Module({
  imports: [TimelineModule],
  controllers: [TimelineController],
})
export class TimelineApiModule {}
