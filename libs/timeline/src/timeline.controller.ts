import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@yunzhao/core';
import { TimelineEntry, TimelineService } from './timeline.service';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Everything that happened in the session's live room, in order. */
  @Get(':id/timeline')
  @Roles('hr', 'supervisor', 'admin')
  list(@Param('id', ParseUUIDPipe) sessionId: string): Promise<TimelineEntry[]> {
    return this.timeline.list(sessionId);
  }
}
