import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { DeclareRecusalDto } from './dto/recusal.dto';
import { RoomTokenRequestDto } from './dto/room.dto';
import {
  CreateSessionDto,
  DrawOrderDto,
  ListSessionsQuery,
  UpdateSessionDto,
} from './dto/session.dto';
import { OrderDrawService } from './order-draw.service';
import { RecusalsService } from './recusals.service';
import { RoomAccessService } from './room-access.service';
import { SessionsService } from './sessions.service';

const uuid = new ParseUUIDPipe();

/** Interview sessions (场次): scheduling by HR, and what participants do with their session. */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly orderDraw: OrderDrawService,
    private readonly recusals: RecusalsService,
    private readonly rooms: RoomAccessService,
  ) {}

  @Post()
  @Roles('hr', 'admin')
  create(@Body() body: CreateSessionDto, @CurrentUser() user: AuthUser) {
    return this.sessions.create(body, actorOf(user));
  }

  @Get()
  @Roles('hr', 'admin', 'supervisor')
  list(@Query() query: ListSessionsQuery) {
    return this.sessions.list(query);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.sessions.getFor(id, user);
  }

  @Patch(':id')
  @Roles('hr', 'admin')
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateSessionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.sessions.update(id, body, actorOf(user));
  }

  @Get(':id/order-draw')
  orderDrawRecord(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.orderDraw.view(id, user);
  }

  @Post(':id/order-draw')
  @HttpCode(200)
  drawOrder(
    @Param('id', uuid) id: string,
    @Body() body: DrawOrderDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.orderDraw.draw(id, body.publicValue, user);
  }

  @Get(':id/recusals')
  listRecusals(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.recusals.list(id, user);
  }

  @Post(':id/recusals')
  declareRecusal(
    @Param('id', uuid) id: string,
    @Body() body: DeclareRecusalDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.recusals.declare(id, body, user);
  }

  @Post(':id/room-token')
  @HttpCode(200)
  roomToken(
    @Param('id', uuid) id: string,
    @Body() body: RoomTokenRequestDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rooms.roomToken(id, user, body.device ?? 'main');
  }

  @Post(':id/side-camera-link')
  @Roles('candidate')
  sideCameraLink(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.rooms.sideCameraLink(id, user);
  }
}
