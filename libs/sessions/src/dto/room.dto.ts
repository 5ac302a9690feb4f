import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RoomDevice } from '@yunzhao/contracts';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RoomTokenRequestDto {
  @ApiPropertyOptional({ enum: ['main', 'side'], default: 'main' })
  @IsOptional()
  @IsIn(['main', 'side'])
  device?: RoomDevice;
}

export class TrainerTokenRequestDto {
  @ApiProperty({ description: "The candidate's username or user id, whose mock room to train in" })
  @IsString()
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/)
  candidate: string;
}

export class RedeemSideCameraDto {
  @ApiProperty({ description: 'The one-time code from the side-camera link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/)
  code: string;
}

export class RenewSideCameraDto {
  @ApiProperty({ description: 'The side-camera pass the phone holds (from redeeming its code)' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  @MaxLength(4096)
  token: string;
}

export interface RoomTokenView {
  token: string;
  mediaUrl: string;
  /** ISO 8601. */
  expiresAt: string;
}

export interface SideCameraLinkView {
  code: string;
  /** Path in the web app, to open on the phone (also shown as a QR code). */
  url: string;
  expiresAt: string;
}

/** A trainer's pass to one candidate's mock room, with whom it is for. */
export interface TrainerTokenView extends RoomTokenView {
  candidateUserId: string;
  candidateName: string;
}
