import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '@yunzhao/core';
import { CreatePanelDrawDto, RunPanelDrawDto } from './dto/panel-draw.dto';
import { PanelDrawService } from './panel-draw.service';

const uuid = new ParseUUIDPipe();

/** HR draws an examiner panel from a pool by lot: commitment first, then the draw. */
@ApiTags('panel-draws')
@ApiBearerAuth()
@Roles('hr', 'admin')
@Controller('panel-draws')
export class PanelDrawController {
  constructor(private readonly panels: PanelDrawService) {}

  @Post()
  create(@Body() body: CreatePanelDrawDto, @CurrentUser() user: AuthUser) {
    return this.panels.create(body, user);
  }

  @Get(':id')
  view(@Param('id', uuid) id: string) {
    return this.panels.view(id);
  }

  @Post(':id/draw')
  @HttpCode(200)
  draw(
    @Param('id', uuid) id: string,
    @Body() body: RunPanelDrawDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.panels.draw(id, body.publicValue, user);
  }
}

/** Public verification of a drawn panel (the same record `npm run verify-draw` checks). */
@ApiTags('draws')
@Public()
@Controller('draws')
export class PublicPanelDrawController {
  constructor(private readonly panels: PanelDrawService) {}

  @Get('panels/:id')
  record(@Param('id', uuid) id: string) {
    return this.panels.publicRecord(id);
  }
}
