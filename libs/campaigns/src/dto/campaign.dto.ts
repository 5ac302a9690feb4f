import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEGREE_LEVELS, DegreeLevel } from '@yunzhao/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PlainText } from '@yunzhao/reference-data';
import { CAMPAIGN_STATUSES, CampaignStatus } from '../campaign.entity';

const ISO = { strict: true, strictSeparator: true } as const;

export class CreateCampaignDto {
  @ApiProperty({ example: '水城优才' })
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ description: 'The announcement text (公告)' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(20000)
  announcement?: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+08:00' })
  @IsISO8601(ISO)
  registrationOpensAt: string;

  @ApiProperty({ example: '2026-12-15T17:00:00+08:00' })
  @IsISO8601(ISO)
  registrationClosesAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  interviewStartsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  interviewEndsAt?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES, default: 'draft' })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiProperty({
    description:
      'Data-driven rule, e.g. {"anyOf":[{"degree":"phd"},{"degree":"master","universityTier":["985","211","double_first_class"]}]}',
  })
  @IsObject()
  eligibilityRule: Record<string, unknown>;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(20000)
  announcement?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  registrationOpensAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  registrationClosesAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  interviewStartsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(ISO)
  interviewEndsAt?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  eligibilityRule?: Record<string, unknown>;
}

export class AddCategoryDto {
  @ApiProperty({ example: '08', description: '2-digit category code of the 2022 catalogue' })
  @IsString()
  @Matches(/^(0[1-9]|1[0-4])$/)
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  sortOrder?: number;
}

/** What HR may change on a campaign's category: its display names and order (the code is fixed). */
export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: '工学' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(100)
  nameZh?: string;

  @ApiPropertyOptional({ example: 'Engineering' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(200)
  nameEn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  sortOrder?: number;
}

const DISCIPLINE_PATTERN = /^(0[1-9]|1[0-4])(\d{2})?$/;

export class CreatePostDto {
  @ApiProperty()
  @IsUUID()
  categoryId: string;

  @ApiProperty({ example: 'SC-08-001' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  code: string;

  @ApiProperty({ example: '工学类岗位（机械工程）' })
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(10000)
  quota: number;

  @ApiPropertyOptional({ enum: DEGREE_LEVELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DEGREE_LEVELS.length)
  @IsIn(DEGREE_LEVELS, { each: true })
  degreeLevels?: DegreeLevel[];

  @ApiPropertyOptional({
    example: ['08', '0701'],
    description: '4-digit disciplines or whole 2-digit categories',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(DISCIPLINE_PATTERN, { each: true })
  disciplines?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(2000)
  requirements?: string;
}

export class UpdatePostDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  quota?: number;

  @ApiPropertyOptional({ enum: DEGREE_LEVELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DEGREE_LEVELS.length)
  @IsIn(DEGREE_LEVELS, { each: true })
  degreeLevels?: DegreeLevel[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(DISCIPLINE_PATTERN, { each: true })
  disciplines?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(2000)
  requirements?: string;
}

export class ListPostsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 500;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}
