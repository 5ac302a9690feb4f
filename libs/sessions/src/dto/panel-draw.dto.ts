import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Panels have an odd number of examiners (3 to 15) so that votes cannot tie. */
export const PANEL_SIZES = [3, 5, 7, 9, 11, 13, 15] as const;

export class PanelPoolMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiProperty({ description: 'Works for the hiring side; at most one such examiner sits' })
  @IsBoolean()
  hiringSide: boolean;
}

export class CreatePanelDrawDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;

  @ApiProperty({ enum: PANEL_SIZES })
  @IsInt()
  @IsIn([...PANEL_SIZES])
  size: number;

  @ApiProperty({ type: [PanelPoolMemberDto], minItems: 2, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(200)
  @ArrayUnique((member: Partial<PanelPoolMemberDto> | null) => member?.userId)
  @ValidateNested({ each: true })
  @Type(() => PanelPoolMemberDto)
  pool: PanelPoolMemberDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID(undefined, { each: true })
  recusedUserIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Examiners with a declared conflict in this session's candidates are recused",
  })
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}

export class RunPanelDrawDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'A public value announced before the draw' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  publicValue?: string;
}
