import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, pickLocale, Public, Roles } from '@yunzhao/core';
import type { Request, Response } from 'express';
import { ApplicationsService } from './applications.service';
import { DocumentsService, UploadedFile as StoredUpload } from './documents.service';
import {
  DecisionDto,
  EducationDto,
  ExportQuery,
  ProfileDto,
  RegisterDto,
  ReviewQuery,
  SubmitApplicationDto,
  UploadDocumentDto,
  WithdrawDto,
} from './dto/registration.dto';
import { ProfileService } from './profile.service';
import { RegistrationService } from './registration.service';
import { ReviewService } from './review.service';

const uuid = () => new ParseUUIDPipe();

/** `attachment; filename*=UTF-8''…` so Chinese names survive every browser. */
function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('registration')
@Controller('registration')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Public()
  @Post()
  register(@Body() body: RegisterDto, @Req() request: Request) {
    return this.registration.register(body.account, body.password, request.ip ?? 'unknown');
  }
}

@ApiTags('profile')
@ApiBearerAuth()
@Roles('candidate')
@Controller('profile')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get()
  async get(@CurrentUser() user: AuthUser) {
    return { profile: await this.profiles.get(user.id), account: user.username };
  }

  @Put()
  save(@Body() body: ProfileDto, @CurrentUser() user: AuthUser) {
    return this.profiles.save(user.id, body);
  }

  @Get('education')
  listEducation(@CurrentUser() user: AuthUser) {
    return this.profiles.listEducation(user.id);
  }

  @Post('education')
  addEducation(@Body() body: EducationDto, @CurrentUser() user: AuthUser) {
    return this.profiles.addEducation(user.id, body);
  }

  @Delete('education/:id')
  @HttpCode(204)
  removeEducation(@Param('id', uuid()) id: string, @CurrentUser() user: AuthUser) {
    return this.profiles.removeEducation(user.id, id);
  }
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles('candidate')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { kind: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  upload(
    @Body() body: UploadDocumentDto,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.documents.upload(user.id, body.kind, file);
  }

  @Get()
  @Roles('candidate')
  list(@CurrentUser() user: AuthUser) {
    return this.documents.listOwn(user.id);
  }

  /** The owner, HR and admins only (others get 404); every download is audited. */
  @Get(':id/content')
  async content(
    @Param('id', uuid()) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { document, content } = await this.documents.open(id, user);
    response.set({
      'Content-Type': document.contentType,
      'Content-Disposition': attachment(document.originalName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
    return new StreamableFile(content);
  }

  @Delete(':id')
  @Roles('candidate')
  @HttpCode(204)
  remove(@Param('id', uuid()) id: string, @CurrentUser() user: AuthUser) {
    return this.documents.remove(id, user.id);
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Roles('candidate')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  submit(@Body() body: SubmitApplicationDto, @CurrentUser() user: AuthUser) {
    return this.applications.submit(user.id, body.postId);
  }

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.applications.listOwn(user.id);
  }

  @Get(':id')
  get(@Param('id', uuid()) id: string, @CurrentUser() user: AuthUser) {
    return this.applications.getOwn(user.id, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @Param('id', uuid()) id: string,
    @Body() body: WithdrawDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.applications.withdraw(user.id, id, body.reason);
  }
}

@ApiTags('review')
@ApiBearerAuth()
@Roles('hr', 'admin')
@Controller('review/applications')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  list(@Query() query: ReviewQuery) {
    return this.review.list(query);
  }

  @Get('export')
  async export(
    @Query() query: ExportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    const file = await this.review.export(
      query,
      query.format,
      pickLocale(acceptLanguage),
      actorOf(user),
    );
    response.set({
      'Content-Type': file.contentType,
      'Content-Disposition': attachment(file.fileName),
    });
    return new StreamableFile(file.content);
  }

  @Get(':id')
  detail(@Param('id', uuid()) id: string, @CurrentUser() user: AuthUser) {
    return this.review.detail(id, actorOf(user));
  }

  @Post(':id/decision')
  @HttpCode(200)
  decide(
    @Param('id', uuid()) id: string,
    @Body() body: DecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.review.decide(id, body.decision, body.reason, actorOf(user));
  }
}
