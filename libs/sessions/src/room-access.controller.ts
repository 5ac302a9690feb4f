import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@yunzhao/core';
import {
  RedeemSideCameraDto,
  RenewSideCameraDto,
  RoomTokenRequestDto,
  TrainerTokenRequestDto,
} from './dto/room.dto';
import { RoomAccessService } from './room-access.service';

/** Room entry that is not tied to a session id in the path: side camera and mock interview. */
@ApiTags('rooms')
@Controller()
export class RoomAccessController {
  constructor(private readonly rooms: RoomAccessService) {}

  /** The phone has no login: the one-time code is the credential. */
  @Post('side-camera/redeem')
  @Public()
  @HttpCode(200)
  redeem(@Body() body: RedeemSideCameraDto) {
    return this.rooms.redeemSideCamera(body.code);
  }

  /** The phone renews its side-camera pass with the one it holds (the session may have moved). */
  @Post('side-camera/renew')
  @Public()
  @HttpCode(200)
  renew(@Body() body: RenewSideCameraDto) {
    return this.rooms.renewSideCamera(body.token);
  }

  @Post('mock-interview/room-token')
  @ApiBearerAuth()
  @Roles('candidate')
  @HttpCode(200)
  mockToken(@Body() body: RoomTokenRequestDto, @CurrentUser() user: AuthUser) {
    return this.rooms.mockToken(user, body.device ?? 'main');
  }

  /** Training staff (HR, admin) join a candidate's mock room as the panel. */
  @Post('mock-interview/trainer-token')
  @ApiBearerAuth()
  @Roles('hr', 'admin')
  @HttpCode(200)
  trainerToken(@Body() body: TrainerTokenRequestDto, @CurrentUser() user: AuthUser) {
    return this.rooms.trainerMockToken(user, body.candidate);
  }
}
