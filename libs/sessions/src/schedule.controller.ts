import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { PeopleQuery, SchedulableApplicationsQuery } from './dto/schedule.dto';
import { ApplicationLookupService } from './application-lookup.service';
import { ScheduleService } from './schedule.service';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class ScheduleController {
  constructor(
    private readonly schedule: ScheduleService,
    private readonly sessions: SessionsService,
    private readonly applications: ApplicationLookupService,
  ) {}

  /** Sessions the caller works in, with their part. */
  @Get('my/sessions')
  @Roles('examiner', 'chief_examiner', 'score_clerk', 'supervisor', 'proctor')
  mySessions(@CurrentUser() user: AuthUser) {
    return this.schedule.staffSchedule(user.id);
  }

  /** The candidate's own interviews: time and slot, not the panel. */
  @Get('my/interviews')
  @Roles('candidate')
  myInterviews(@CurrentUser() user: AuthUser) {
    return this.schedule.candidateInterviews(user.id);
  }

  /** Picker: active users holding a role. */
  @Get('scheduling/people')
  @Roles('hr', 'admin')
  people(@Query() query: PeopleQuery) {
    return this.sessions.people(query.role);
  }

  /** Picker: approved applications of a campaign and where each is scheduled. */
  @Get('scheduling/applications')
  @Roles('hr', 'admin')
  schedulableApplications(@Query() query: SchedulableApplicationsQuery) {
    return this.applications.listApproved(query.campaignId);
  }
}
