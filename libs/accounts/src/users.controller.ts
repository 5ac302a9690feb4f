import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { CreateUserDto, ListUsersQuery, SetPasswordDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Post()
  create(@Body() body: CreateUserDto, @CurrentUser() user: AuthUser) {
    return this.users.create(body, actorOf(user));
  }

  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.users.update(id, body, actorOf(user));
  }

  /** Sets a new password and ends the account's sessions (their refresh tokens stop working). */
  @Post(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  async setPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SetPasswordDto,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.users.setPassword(id, body.password, actorOf(user));
  }
}
