import { Controller, Get, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { TimelineEntry, TimelineService } from './timeline.service';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Everything that happened in the session's live room, in order. */
  @Get(':id/timeline')
  @Roles('hr', 'supervisor', 'admin')
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) sessionId: string,
  ): Promise<TimelineEntry[]> {
    // Organisers read every session; a supervisor only the sessions they supervise.
    const organiser = user.roles.some((role) => role === 'hr' || role === 'admin');
    if (!organiser && !(await this.timeline.isSupervisorOf(sessionId, user.id)))
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    return this.timeline.list(sessionId);
  }
}
