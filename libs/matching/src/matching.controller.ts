import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import {
  AddHireDto,
  ComparisonQuery,
  CreatePositionDto,
  CreateRunDto,
  MatchingSettingsDto,
  OverrideDto,
  PreferencesDto,
  ReasonDto,
  UpdatePositionDto,
} from './dto/matching.dto';
import { HirePortalService } from './hire-portal.service';
import { MatchingRunsService } from './matching-runs.service';
import { MatchingSetupService } from './matching-setup.service';

const uuid = new ParseUUIDPipe();

/** HR: preference window, positions, hires, runs, comparison, override, publication, backfill. */
@ApiTags('matching')
@ApiBearerAuth()
@Controller('matching/campaigns/:campaignId')
@Roles('hr', 'admin')
export class MatchingController {
  constructor(
    private readonly setup: MatchingSetupService,
    private readonly runs: MatchingRunsService,
  ) {}

  @Get('settings')
  settings(@Param('campaignId', uuid) campaignId: string) {
    return this.setup.settings(campaignId);
  }

  @Put('settings')
  putSettings(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: MatchingSettingsDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.putSettings(campaignId, body, actorOf(user));
  }

  @Get('positions')
  positions(@Param('campaignId', uuid) campaignId: string) {
    return this.setup.positions(campaignId);
  }

  @Post('positions')
  createPosition(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: CreatePositionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.createPosition(campaignId, body, actorOf(user));
  }

  @Patch('positions/:positionId')
  updatePosition(
    @Param('campaignId', uuid) campaignId: string,
    @Param('positionId', uuid) positionId: string,
    @Body() body: UpdatePositionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.updatePosition(campaignId, positionId, body, actorOf(user));
  }

  @Delete('positions/:positionId')
  @HttpCode(204)
  deletePosition(
    @Param('campaignId', uuid) campaignId: string,
    @Param('positionId', uuid) positionId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.deletePosition(campaignId, positionId, actorOf(user));
  }

  @Get('hires')
  hires(@Param('campaignId', uuid) campaignId: string) {
    return this.setup.hires(campaignId);
  }

  @Post('hires')
  addHire(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: AddHireDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.addHire(campaignId, body, actorOf(user));
  }

  @Delete('hires/:hireId')
  @HttpCode(204)
  removeHire(
    @Param('campaignId', uuid) campaignId: string,
    @Param('hireId', uuid) hireId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.removeHire(campaignId, hireId, actorOf(user));
  }

  @Post('hires/:hireId/withdraw')
  @HttpCode(200)
  withdraw(
    @Param('campaignId', uuid) campaignId: string,
    @Param('hireId', uuid) hireId: string,
    @Body() body: ReasonDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.setup.withdrawHire(campaignId, hireId, body.reason, actorOf(user));
  }

  @Get('runs')
  listRuns(@Param('campaignId', uuid) campaignId: string) {
    return this.runs.list(campaignId);
  }

  @Post('runs')
  run(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: CreateRunDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.runs.run(campaignId, body.algorithm, user.id);
  }

  @Get('runs/:runId')
  getRun(@Param('campaignId', uuid) campaignId: string, @Param('runId', uuid) runId: string) {
    return this.runs.get(campaignId, runId);
  }

  @Get('comparison')
  compare(@Param('campaignId', uuid) campaignId: string, @Query() query: ComparisonQuery) {
    return this.runs.compare(campaignId, query.a, query.b);
  }

  @Post('runs/:runId/overrides')
  @HttpCode(200)
  override(
    @Param('campaignId', uuid) campaignId: string,
    @Param('runId', uuid) runId: string,
    @Body() body: OverrideDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.runs.override(campaignId, runId, body, user.id);
  }

  @Post('runs/:runId/publish')
  @HttpCode(200)
  publish(
    @Param('campaignId', uuid) campaignId: string,
    @Param('runId', uuid) runId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.runs.publish(campaignId, runId, user.id);
  }

  @Post('backfill')
  backfill(@Param('campaignId', uuid) campaignId: string, @CurrentUser() user: AuthUser) {
    return this.runs.backfill(campaignId, user.id);
  }
}

/** A hire's own matching: positions open to them, their preferences, their published result. */
@ApiTags('matching')
@ApiBearerAuth()
@Controller('matching/me')
@Roles('candidate')
export class MyMatchingController {
  constructor(private readonly portal: HirePortalService) {}

  @Get()
  mine(@CurrentUser() user: AuthUser) {
    return this.portal.mine(user.id);
  }

  @Get(':campaignId')
  one(@Param('campaignId', uuid) campaignId: string, @CurrentUser() user: AuthUser) {
    return this.portal.one(user.id, campaignId);
  }

  @Put(':campaignId/preferences')
  preferences(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: PreferencesDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.portal.setPreferences(user.id, campaignId, body.positionIds);
  }
}
