import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PlainText } from '../plain-text';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class UniversityQuery {
  @ApiPropertyOptional({ description: 'Part of the Chinese or English name' })
  @IsOptional()
  @IsString()
  @PlainText()
  @MaxLength(100)
  q?: string;
}

export class ImportUniversitiesDto {
  @ApiProperty({
    description: 'CSV with header name_zh,name_en,is_985,is_211,is_double_first_class',
  })
  @IsString()
  @PlainText()
  @IsNotEmpty()
  @MaxLength(90_000)
  csv: string;
}
