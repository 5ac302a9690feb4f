import { PageQuery } from '@yunzhao/core';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PANEL_MAX_SIZE } from '../session-rules';

/** Up to 200 candidates fit a long day; more is a data-entry mistake. */
const MAX_SLOTS = 200;

export class CreateSessionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;

  @ApiProperty({ example: 'ENG', description: 'Discipline category code of the campaign' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,32}$/)
  categoryCode: string;

  @ApiProperty({ example: '工学类第 1 场' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  title: string;

  @ApiProperty({ example: '2020-06-12T08:30:00+08:00' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ example: '2020-06-12T12:00:00+08:00' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  chiefExaminerId: string;

  @ApiProperty({
    type: [String],
    description: 'The other examiners; with the chief the panel must be odd (3–15)',
  })
  @IsArray()
  @ArrayMaxSize(PANEL_MAX_SIZE)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  examinerIds: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  scoreClerkId?: string | null;

  @ApiProperty({ type: [String], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  supervisorIds: string[];

  @ApiPropertyOptional({ type: [String], description: 'Waiting-room staff' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  proctorIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Approved applications, in provisional order (the draw fixes the order)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SLOTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  applicationIds?: string[];
}

/** Any subset; lists given replace the current ones. The campaign cannot change. */
export class UpdateSessionDto extends PartialType(
  OmitType(CreateSessionDto, ['campaignId'] as const),
) {}

export class ListSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class DrawOrderDto {
  @ApiPropertyOptional({
    example: '4711',
    description: 'A value typed by the supervisor or HR at draw time (public entropy)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  publicValue?: string;
}

export interface PersonView {
  userId: string;
  username: string;
  displayName: string;
}

export interface SlotView {
  position: number;
  applicationId: string;
  candidate: PersonView;
}

export interface SessionView {
  id: string;
  campaignId: string;
  categoryCode: string;
  title: string;
  startsAt: string;
  endsAt: string;
  panel: {
    chiefExaminer: PersonView | null;
    examiners: PersonView[];
    scoreClerk: PersonView | null;
    supervisors: PersonView[];
    proctors: PersonView[];
  };
  slots: SlotView[];
  orderDraw: { commitment: string; drawn: boolean; drawnAt: string | null };
  recusals: number;
  createdAt: string;
  updatedAt: string;
}

export interface SessionSummary {
  id: string;
  campaignId: string;
  categoryCode: string;
  title: string;
  startsAt: string;
  endsAt: string;
  panelSize: number;
  candidates: number;
  orderDrawn: boolean;
}
