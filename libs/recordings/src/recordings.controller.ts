import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException, AuthUser, CurrentUser, Public, Roles } from '@yunzhao/core';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import { PlaceHoldDto, SetRetentionDto } from './dto';
import { parseRange } from './http-range';
import { RecordingsAccessService } from './recordings-access.service';
import { RetentionService } from './retention.service';
import { RECORDING_STORAGE, RecordingStorage } from './storage';

/** Listing and playing recordings (supervisors of the session, admins); every access is audited. */
@ApiTags('recordings')
@ApiBearerAuth()
@Controller()
export class RecordingsController {
  constructor(
    private readonly access: RecordingsAccessService,
    @Inject(RECORDING_STORAGE) private readonly storage: RecordingStorage,
  ) {}

  /** Every recording of a session grouped by participant, with the timeline and its offsets. */
  @Get('sessions/:id/recordings')
  listSession(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) sessionId: string) {
    return this.access.listSession(user, sessionId);
  }

  /** One candidate's parts across the sessions the caller may see. */
  @Get('recordings/candidates/:candidateId')
  listCandidate(
    @CurrentUser() user: AuthUser,
    @Param('candidateId', ParseUUIDPipe) candidateId: string,
  ) {
    return this.access.listCandidate(user, candidateId);
  }

  /** Audited grant to play one segment: returns a short-lived signed URL for range requests. */
  @Post('recordings/segments/:id/playback')
  @HttpCode(HttpStatus.OK)
  openPlayback(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) segmentId: string) {
    return this.access.openPlayback(user, segmentId);
  }

  /** Re-hashes the stored file and compares it with the SHA-256 taken at finalisation. */
  @Post('recordings/segments/:id/verify')
  @HttpCode(HttpStatus.OK)
  verify(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) segmentId: string) {
    return this.access.verify(user, segmentId);
  }

  /**
   * The media bytes behind a playback grant, with HTTP range support (206, Accept-Ranges,
   * Content-Range) so the browser's player can seek. The token is the authorisation: a
   * <video> element cannot send a bearer header.
   */
  @Public()
  @Get('recordings/play/:token')
  async play(
    @Param('token') token: string,
    @Headers('range') rangeHeader: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const target = await this.access.resolvePlayback(token);
    if (!target) throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    const stat = await this.storage.stat(target.storageKey);
    if (!stat) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
    const range = parseRange(rangeHeader, stat.size);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', target.contentType);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (range.kind === 'unsatisfiable') {
      response.status(416).setHeader('Content-Range', `bytes */${stat.size}`);
      response.end();
      return;
    }
    const bytes = range.kind === 'partial' ? range.range : undefined;
    if (bytes) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${bytes.start}-${bytes.end}/${stat.size}`);
      response.setHeader('Content-Length', String(bytes.end - bytes.start + 1));
    } else {
      response.status(200);
      response.setHeader('Content-Length', String(stat.size));
    }
    if (response.req.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = this.storage.read(target.storageKey, bytes);
    // A seek aborts the previous request: stop reading the file when the client goes.
    response.on('close', () => stream.destroy());
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }
}

/** Retention per campaign and legal holds per session: HR and admins, every change audited. */
@ApiTags('recordings')
@ApiBearerAuth()
@Controller()
@Roles('hr', 'admin')
export class RecordingRetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('campaigns/:id/recording-retention')
  get(@Param('id', ParseUUIDPipe) campaignId: string) {
    return this.retention.get(campaignId);
  }

  @Put('campaigns/:id/recording-retention')
  set(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) campaignId: string,
    @Body() dto: SetRetentionDto,
  ) {
    return this.retention.set(campaignId, dto, user);
  }

  @Get('sessions/:id/recording-hold')
  hold(@Param('id', ParseUUIDPipe) sessionId: string) {
    return this.retention.sessionHold(sessionId);
  }

  @Put('sessions/:id/recording-hold')
  placeHold(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) sessionId: string,
    @Body() dto: PlaceHoldDto,
  ) {
    return this.retention.placeHold(sessionId, dto.reason, user);
  }

  @Delete('sessions/:id/recording-hold')
  releaseHold(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) sessionId: string) {
    return this.retention.releaseHold(sessionId, user);
  }
}
