import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Public, Roles } from '@yunzhao/core';
import {
  DrawPurposeQuery,
  RevealNextDto,
  SupervisorValueDto,
  UnsealBankDto,
} from './dto/question-bank.dto';
import { ImportFile, QuestionBankService } from './question-bank.service';
import { QuestionDrawService } from './question-draw.service';

const uuid = new ParseUUIDPipe();

/** The bank of a campaign: question admins and HR manage it; only question admins read content. */
@ApiTags('question-bank')
@ApiBearerAuth()
@Controller('question-bank')
export class QuestionBankController {
  constructor(private readonly bank: QuestionBankService) {}

  @Get('campaigns/:campaignId')
  @Roles('question_admin', 'hr')
  view(@Param('campaignId', uuid) campaignId: string) {
    return this.bank.view(campaignId);
  }

  @Post('campaigns/:campaignId/import')
  @Roles('question_admin', 'hr')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  import(
    @Param('campaignId', uuid) campaignId: string,
    @UploadedFile() file: ImportFile | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.bank.import(campaignId, file, actorOf(user));
  }

  @Post('campaigns/:campaignId/seal')
  @Roles('question_admin', 'hr')
  @HttpCode(200)
  seal(@Param('campaignId', uuid) campaignId: string, @CurrentUser() user: AuthUser) {
    return this.bank.seal(campaignId, actorOf(user));
  }

  @Post('campaigns/:campaignId/unseal')
  @Roles('question_admin', 'hr')
  @HttpCode(200)
  unseal(
    @Param('campaignId', uuid) campaignId: string,
    @Body() body: UnsealBankDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.bank.unseal(campaignId, body.reason, actorOf(user));
  }

  /** Full content: question admins only, never HR or anyone else; every read is audited. */
  @Get('sets/:setId')
  @Roles('question_admin')
  content(@Param('setId', uuid) setId: string, @CurrentUser() user: AuthUser) {
    return this.bank.setContent(setId, actorOf(user));
  }

  @Delete('sets/:setId')
  @Roles('question_admin', 'hr')
  @HttpCode(204)
  async remove(@Param('setId', uuid) setId: string, @CurrentUser() user: AuthUser) {
    await this.bank.deleteSet(setId, actorOf(user));
  }
}

/** The per-session question draw and the questions its participants may see. */
@ApiTags('question-draw')
@ApiBearerAuth()
@Controller('sessions/:id')
export class QuestionDrawController {
  constructor(private readonly draws: QuestionDrawService) {}

  @Get('question-draw')
  state(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.draws.state(id, user);
  }

  @Post('question-draw/supervisor-value')
  @HttpCode(200)
  supervisorValue(
    @Param('id', uuid) id: string,
    @Body() body: SupervisorValueDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.draws.enterSupervisorValue(id, body.value, user);
  }

  @Post('question-draw')
  @HttpCode(200)
  draw(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.draws.draw(id, user);
  }

  @Get('questions')
  questions(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.draws.questionsFor(id, user);
  }

  @Post('questions/next')
  @HttpCode(200)
  next(@Param('id', uuid) id: string, @Body() body: RevealNextDto, @CurrentUser() user: AuthUser) {
    return this.draws.revealNext(id, body.candidateUserId, user);
  }
}

/** Public verification: draw records and bank seals, no question content. */
@ApiTags('draws')
@Public()
@Controller('draws')
export class PublicDrawsController {
  constructor(
    private readonly draws: QuestionDrawService,
    private readonly bank: QuestionBankService,
  ) {}

  /** Commitment only before the draw; the full verifiable record from the draw on. */
  @Get('sessions/:id')
  record(@Param('id', uuid) id: string, @Query() query: DrawPurposeQuery) {
    return this.draws.publicRecord(id, query.purpose ?? 'question_set');
  }

  @Get('question-banks/:campaignId')
  bankSeal(@Param('campaignId', uuid) campaignId: string) {
    return this.bank.publicSeal(campaignId);
  }
}
