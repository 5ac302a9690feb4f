import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MATCH_ALGORITHMS, MatchAlgorithm } from '@yunzhao/domain';
import { PlainText } from '@yunzhao/reference-data';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { POSITION_LEVELS, PositionLevel } from '../matching.entity';

const ISO = { strict: true, strictSeparator: true } as const;
/** Printable text without control characters (new lines allowed only where said). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
export const DISCIPLINE_CODE = /^\d{4}$/;
/** The most preferences a campaign may allow (the per-campaign limit is at most this). */
export const MAX_PREFERENCES_LIMIT = 50;

export class MatchingSettingsDto {
  @ApiPropertyOptional({ example: '2026-12-20T09:00:00+08:00', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601(ISO)
  preferencesOpenAt: string | null;

  @ApiPropertyOptional({ example: '2026-12-27T17:00:00+08:00', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601(ISO)
  preferencesCloseAt: string | null;

  @ApiProperty({ minimum: 1, maximum: MAX_PREFERENCES_LIMIT, example: 5 })
  @IsInt()
  @Min(1)
  @Max(MAX_PREFERENCES_LIMIT)
  maxPreferences: number;
}

export class CreatePositionDto {
  @ApiProperty({ example: 'LC-001', description: 'Short reference, unique in the campaign' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: '聊城市人民医院' })
  @IsString()
  @Matches(ONE_LINE)
  @MinLength(1)
  @MaxLength(200)
  unit: string;

  @ApiProperty({ example: '影像科医师' })
  @IsString()
  @Matches(ONE_LINE)
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: POSITION_LEVELS })
  @IsIn(POSITION_LEVELS)
  level: PositionLevel;

  @ApiProperty({ example: ['1002', '1001'], description: '4-digit discipline codes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(DISCIPLINE_CODE, { each: true })
  disciplines: string[];

  @ApiProperty({ minimum: 0, maximum: 10000 })
  @IsInt()
  @Min(0)
  @Max(10000)
  quota: number;
}

export class UpdatePositionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ONE_LINE)
  @MinLength(1)
  @MaxLength(200)
  unit?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ONE_LINE)
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: POSITION_LEVELS })
  @IsOptional()
  @IsIn(POSITION_LEVELS)
  level?: PositionLevel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(DISCIPLINE_CODE, { each: true })
  disciplines?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  quota?: number;
}

export class AddHireDto {
  @ApiProperty({ description: 'The candidate (user id) with an approved application' })
  @IsUUID()
  candidateId: string;

  @ApiPropertyOptional({
    description: 'Final score rank; omitted: taken from the published ranking',
    minimum: 1,
  })
  // absent: from the ranking; null is not a rank
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rank?: number;
}

export class ReasonDto {
  @ApiProperty({ example: '本人书面申请放弃' })
  @IsString()
  @PlainText()
  @Matches(/\S/)
  @MaxLength(1000)
  reason: string;
}

export class CreateRunDto {
  @ApiProperty({ enum: MATCH_ALGORITHMS })
  @IsIn(MATCH_ALGORITHMS)
  algorithm: MatchAlgorithm;
}

export class OverrideDto {
  @ApiProperty()
  @IsUUID()
  hireId: string;

  @ApiProperty()
  @IsUUID()
  positionId: string;

  @ApiProperty({ example: '照顾夫妻两地分居' })
  @IsString()
  @PlainText()
  @Matches(/\S/)
  @MaxLength(1000)
  reason: string;
}

export class ComparisonQuery {
  @ApiPropertyOptional({ description: 'A run id (default: the latest full serial run)' })
  @IsOptional()
  @IsUUID()
  a?: string;

  @ApiPropertyOptional({ description: 'A run id (default: the latest full optimal run)' })
  @IsOptional()
  @IsUUID()
  b?: string;
}

export class PreferencesDto {
  @ApiProperty({ description: 'Position ids, most wanted first' })
  @IsArray()
  @ArrayMaxSize(MAX_PREFERENCES_LIMIT)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  positionIds: string[];
}
