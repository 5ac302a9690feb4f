import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { RECUSAL_REASONS, RecusalReason } from '../session-rules';

export class DeclareRecusalDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'HR names the examiner; an examiner declaring for themselves may leave it out',
  })
  @IsOptional()
  @IsUUID()
  examinerId?: string;

  @ApiProperty({ format: 'uuid', description: "The candidate's user id" })
  @IsUUID()
  candidateId: string;

  @ApiProperty({ enum: RECUSAL_REASONS })
  @IsIn(RECUSAL_REASONS)
  reason: RecusalReason;

  @ApiPropertyOptional({ description: "Required when the reason is 'other'" })
  @ValidateIf(
    (body: { reason?: string; note?: unknown }) =>
      body.reason === 'other' || body.note !== undefined,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note?: string;
}

export interface RecusalView {
  id: string;
  examiner: { userId: string; username: string; displayName: string };
  candidate: { userId: string; username: string; displayName: string };
  reason: RecusalReason;
  note: string | null;
  declaredBy: string;
  createdAt: string;
}
