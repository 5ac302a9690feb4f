import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class UnsealBankDto {
  @ApiProperty({
    description: 'Why the sealed bank must change (kept in the audit log)',
    maxLength: 500,
  })
  @IsString()
  @MinLength(4)
  @MaxLength(500)
  reason: string;
}

export class SupervisorValueDto {
  @ApiProperty({
    description: 'Any text the supervisor types in the room; the third public entropy source',
    maxLength: 100,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  value: string;
}

export class RevealNextDto {
  @ApiPropertyOptional({
    description:
      'The candidate in front of the panel; default: the first in interview order not yet finished',
  })
  @IsOptional()
  @IsUUID()
  candidateUserId?: string;
}

export class DrawPurposeQuery {
  @ApiPropertyOptional({ enum: ['question_set', 'interview_order'] })
  @IsOptional()
  @IsString()
  @IsIn(['question_set', 'interview_order'])
  purpose?: 'question_set' | 'interview_order';
}
