import { PageQuery, SINGLE_LINE } from '@yunzhao/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, ROLES } from '@yunzhao/contracts';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@+-]{3,64}$/;
/** The shortest password an account may have, at creation and when an admin sets a new one. */
export const PASSWORD_MIN_LENGTH = 10;

export class CreateUserDto {
  @ApiProperty({ example: 'examiner01', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN)
  username: string;

  @ApiProperty({ example: '张考官' })
  @IsString()
  @Matches(SINGLE_LINE)
  @MinLength(1)
  @MaxLength(64)
  displayName: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '张考官' })
  @IsOptional()
  @IsString()
  @Matches(SINGLE_LINE)
  @MinLength(1)
  @MaxLength(64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/** An administrator sets a new password for an account (e.g. one its owner forgot). */
export class SetPasswordDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the username or display name (any case)' })
  @IsOptional()
  @IsString()
  @Matches(SINGLE_LINE)
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Only accounts holding this role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}
