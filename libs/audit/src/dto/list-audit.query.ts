import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { SINGLE_LINE } from '@yunzhao/core';
import { AUDIT_ACTOR_PATTERN } from '../audit-actor';

/** `user:<uuid>`, `system` or `anonymous` (worded per locale as `isAuditActor`). */
const IsAuditActor = () =>
  ValidateBy({
    name: 'isAuditActor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && AUDIT_ACTOR_PATTERN.test(value),
    },
  });

/**
 * The audit list, newest first. Filters combine (all must hold): `action` is one exact action,
 * `actionPrefix` every action starting with it (`score.` → every scoring action), `subject`
 * one exact subject, `actor` one exact actor as stored.
 */
export class ListAuditQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Only entries with a smaller sequence number (paging).' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  beforeSeq?: string;

  @ApiPropertyOptional({ example: 'auth.login' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(SINGLE_LINE)
  action?: string;

  @ApiPropertyOptional({
    example: 'score.',
    description: 'Only actions starting with this text, taken literally (`_` and `%` too).',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(SINGLE_LINE)
  actionPrefix?: string;

  @ApiPropertyOptional({ example: 'user:9d1c…' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(SINGLE_LINE)
  subject?: string;

  @ApiPropertyOptional({
    example: 'user:9d1c2f4e-0b7a-4c3d-8e5f-1a2b3c4d5e6f',
    description: 'Who did it, as stored: `user:<user id>`, `system` or `anonymous`.',
  })
  @IsOptional()
  @IsString()
  @IsAuditActor()
  actor?: string;
}
