import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@yunzhao/contracts';
import { actorOf, AppException, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import type { Response } from 'express';
import { HttpStatus } from '@nestjs/common';
import {
  CATEGORY_CODE_PATTERN,
  MarksDto,
  PutRubricDto,
  RequestCorrectionDto,
  ResultsQuery,
  ScoringSettingsDto,
} from './dto/scoring.dto';
import { MarksService } from './marks.service';
import { PublicationsService } from './publications.service';
import { ResultsService } from './results.service';
import { RubricsService } from './rubrics.service';

const uuid = new ParseUUIDPipe();

function categoryCode(value: string): string {
  if (!CATEGORY_CODE_PATTERN.test(value)) {
    throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, [
      { field: 'categoryCode', messages: ["a category code of the campaign, or '*'"] },
    ]);
  }
  return value;
}

/** What the panel does with one session's candidates: marks, checks, publication, corrections. */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('scoring')
export class ScoringController {
  constructor(
    private readonly marks: MarksService,
    private readonly publications: PublicationsService,
  ) {}

  @Get('my-sessions')
  mySessions(@CurrentUser() user: AuthUser) {
    return this.marks.mySessions(user);
  }

  @Get('sessions/:sessionId')
  session(@Param('sessionId', uuid) sessionId: string, @CurrentUser() user: AuthUser) {
    return this.marks.sessionView(sessionId, user);
  }

  /** Published scores as the room announced them, for a room page that (re)joins. */
  @Get('sessions/:sessionId/publications')
  roomPublications(@Param('sessionId', uuid) sessionId: string, @CurrentUser() user: AuthUser) {
    return this.publications.forRoom(sessionId, user);
  }

  @Get('sessions/:sessionId/candidates/:candidateId/marks/mine')
  mine(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.marks.mySheet(sessionId, candidateId, user);
  }

  /** Draft: partial marks are fine, revisable until submitted. */
  @Put('sessions/:sessionId/candidates/:candidateId/marks/mine')
  saveDraft(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @Body() body: MarksDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.marks.mark(sessionId, candidateId, body.marks, false, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/marks/mine/submit')
  @HttpCode(200)
  submit(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @Body() body: MarksDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.marks.mark(sessionId, candidateId, body.marks, true, user);
  }

  @Get('sessions/:sessionId/candidates/:candidateId/sheets')
  sheets(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.marks.panelSheets(sessionId, candidateId, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/sheets/:examinerId/reopen')
  @HttpCode(200)
  reopen(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @Param('examinerId', uuid) examinerId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.marks.reopen(sessionId, candidateId, examinerId, user);
  }

  @Get('sessions/:sessionId/candidates/:candidateId/preview')
  preview(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.preview(sessionId, candidateId, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/check')
  @HttpCode(200)
  check(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.check(sessionId, candidateId, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/publish')
  publish(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.publish(sessionId, candidateId, user);
  }

  @Get('sessions/:sessionId/candidates/:candidateId/publication')
  publication(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.get(sessionId, candidateId, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/publication/confirm')
  @HttpCode(200)
  confirm(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.confirm(sessionId, candidateId, user);
  }

  @Post('sessions/:sessionId/candidates/:candidateId/publication/corrections')
  requestCorrection(
    @Param('sessionId', uuid) sessionId: string,
    @Param('candidateId', uuid) candidateId: string,
    @Body() body: RequestCorrectionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.publications.requestCorrection(sessionId, candidateId, body, user);
  }

  @Post('corrections/:correctionId/approve')
  @HttpCode(200)
  approve(@Param('correctionId', uuid) correctionId: string, @CurrentUser() user: AuthUser) {
    return this.publications.approveCorrection(correctionId, user);
  }
}

/** HR: rubrics, the aggregation method, rankings, exports and the examiner charts. */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('scoring/campaigns')
@Roles('hr', 'admin')
export class ScoringCampaignsController {
  constructor(
    private readonly rubrics: RubricsService,
    private readonly results: ResultsService,
  ) {}

  @Get(':campaignId/rubrics')
  listRubrics(@Param('campaignId', uuid) campaignId: string) {
    return this.rubrics.list(campaignId);
  }

  @Put(':campaignId/rubrics/:categoryCode')
  putRubric(
    @Param('campaignId', uuid) campaignId: string,
    @Param('categoryCode') code: string,
    @Body() body: PutRubricDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rubrics.put(campaignId, categoryCode(code), body, actorOf(user));
  }

  @Get(':campaignId/settings')
  settings(@Param('campaignId', uuid) campaignId: string) {
    return this.rubrics.settings(campaignId);
  }

  @Put(':campaignId/settings')
  putSettings(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: ScoringSettingsDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.rubrics.setMethod(campaignId, body.aggregationMethod, actorOf(user));
  }

  @Get(':campaignId/results')
  ranking(@Param('campaignId', uuid) campaignId: string, @Query() query: ResultsQuery) {
    return this.results.ranking(campaignId, query.by ?? 'category');
  }

  @Get(':campaignId/results.csv')
  async csv(
    @Param('campaignId', uuid) campaignId: string,
    @Query() query: ResultsQuery,
    @Res() res: Response,
  ) {
    const body = await this.results.csv(campaignId, query.by ?? 'category');
    res.type('text/csv; charset=utf-8').attachment(`results-${campaignId}.csv`).send(body);
  }

  @Get(':campaignId/results.xlsx')
  async xlsx(
    @Param('campaignId', uuid) campaignId: string,
    @Query() query: ResultsQuery,
    @Res() res: Response,
  ) {
    const body = await this.results.xlsx(campaignId, query.by ?? 'category');
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`results-${campaignId}.xlsx`)
      .send(body);
  }

  @Get(':campaignId/analytics')
  analytics(@Param('campaignId', uuid) campaignId: string) {
    return this.results.analytics(campaignId);
  }
}
