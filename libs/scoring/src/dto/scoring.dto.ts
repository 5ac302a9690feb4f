import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGGREGATION_METHODS, AggregationMethod } from '@yunzhao/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class RubricBandDto {
  @ApiProperty({ example: '好' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  label: string;

  @ApiProperty({ example: 13 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  min: number;

  @ApiProperty({ example: 17 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  max: number;
}

export class RubricDimensionDto {
  @ApiProperty({ example: 'analysis', description: 'Stable key: letters, digits, underscore' })
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)
  key: string;

  @ApiProperty({ example: '综合分析能力' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;

  @ApiPropertyOptional({ example: 'Analysis' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  labelEn?: string;

  @ApiProperty({ example: 17 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(1000)
  max: number;

  @ApiPropertyOptional({ type: [RubricBandDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RubricBandDto)
  bands?: RubricBandDto[];
}

export class PutRubricDto {
  @ApiProperty({ type: [RubricDimensionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RubricDimensionDto)
  dimensions: RubricDimensionDto[];
}

export class ScoringSettingsDto {
  @ApiProperty({ enum: AGGREGATION_METHODS })
  @IsIn(AGGREGATION_METHODS as AggregationMethod[])
  aggregationMethod: AggregationMethod;
}

/** An examiner's marks, keyed by dimension key. Values are checked against the rubric. */
export class MarksDto {
  @ApiProperty({ example: { analysis: 15, expression: 14.5 } })
  @IsObject()
  marks: Record<string, unknown>;
}

export class CorrectedSheetDto {
  @ApiProperty()
  @IsUUID()
  examinerId: string;

  @ApiProperty()
  @IsObject()
  marks: Record<string, unknown>;
}

export class RequestCorrectionDto {
  @ApiProperty({ example: '第 3 位考官“应变能力”一项录入错误（应为 12 分）' })
  @IsString()
  @MinLength(4)
  @MaxLength(1000)
  reason: string;

  @ApiProperty({ type: [CorrectedSheetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(15)
  @ValidateNested({ each: true })
  @Type(() => CorrectedSheetDto)
  sheets: CorrectedSheetDto[];
}

export const RESULT_GROUPINGS = ['category', 'post'] as const;
export type ResultGrouping = (typeof RESULT_GROUPINGS)[number];

export class ResultsQuery {
  @ApiPropertyOptional({ enum: RESULT_GROUPINGS, default: 'category' })
  @IsOptional()
  @IsIn(RESULT_GROUPINGS)
  by?: ResultGrouping;
}

/** A category code of the campaign, or '*' for the campaign-wide default rubric. */
export const CATEGORY_CODE_PATTERN = /^(\*|[A-Za-z0-9_-]{1,20})$/;
