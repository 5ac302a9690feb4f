import { PageQuery } from '@yunzhao/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEGREE_LEVELS, DegreeLevel, UNIVERSITY_TIERS } from '@yunzhao/domain';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PlainText } from '@yunzhao/reference-data';
import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  DOCUMENT_KINDS,
  DocumentKind,
} from '../registration.entity';

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export class RegisterDto {
  @ApiProperty({
    example: '13800138000',
    description: 'An 11-digit mainland mobile number or an email address',
  })
  @IsString()
  @PlainText()
  @MinLength(3)
  @MaxLength(64)
  account: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @PlainText()
  @MinLength(10)
  @MaxLength(256)
  password: string;
}

export class ProfileDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(50)
  fullName: string;

  @ApiProperty({ example: '11010519491231002X' })
  @IsString()
  @PlainText()
  @MaxLength(32)
  idNumber: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN)
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang@example.com' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(254)
  @IsEmail()
  email?: string;
}

export class EducationDto {
  @ApiProperty({ enum: DEGREE_LEVELS })
  @IsIn(DEGREE_LEVELS)
  degree: DegreeLevel;

  @ApiProperty({ example: '山东大学' })
  @IsString()
  @PlainText()
  @MinLength(2)
  @MaxLength(100)
  universityName: string;

  @ApiProperty({ example: '0812', description: '4-digit discipline code of the catalogue' })
  @IsString()
  @Matches(/^(0[1-9]|1[0-4])\d{2}$/)
  disciplineCode: string;

  @ApiPropertyOptional({ example: '计算机科学与技术' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(100)
  major?: string;

  @ApiProperty({ example: '2024-06-30' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  graduationDate: string;
}

export class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;
}

export class SubmitApplicationDto {
  @ApiProperty()
  @IsUUID()
  postId: string;
}

export class WithdrawDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(500)
  reason?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiProperty({ example: '材料齐全，符合条件' })
  @IsString()
  @PlainText()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ReviewQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  postId?: string;

  @ApiPropertyOptional({ enum: DEGREE_LEVELS })
  @IsOptional()
  @IsIn(DEGREE_LEVELS)
  degree?: DegreeLevel;

  @ApiPropertyOptional({ enum: [...UNIVERSITY_TIERS, 'other'] })
  @IsOptional()
  @IsIn([...UNIVERSITY_TIERS, 'other'])
  universityTier?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  eligible?: 'true' | 'false';
}

export class ExportQuery extends ReviewQuery {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}
