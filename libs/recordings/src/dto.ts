import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** A campaign's retention: N days after each session, or until a date (not both), and a hold. */
export class SetRetentionDto {
  @ApiPropertyOptional({ description: 'Days after the session ends; omit both for the default.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36_500)
  retentionDays?: number;

  @ApiPropertyOptional({
    description: 'Keep until this instant (ISO 8601), e.g. end of probation.',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  retainUntil?: string;

  @ApiProperty({ description: 'Legal hold: nothing of the campaign is deleted while set.' })
  @IsBoolean()
  legalHold: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  holdReason?: string;
}

export class PlaceHoldDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
