import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@yunzhao/core';
import { InboxQuery } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** Every signed-in user's own in-app inbox. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  inbox(@Query() query: InboxQuery, @CurrentUser() user: AuthUser) {
    return this.notifications.inbox(user.id, query.limit, query.offset);
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user.id, id);
  }
}
