import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@yunzhao/contracts';
import { IsIn, IsUUID } from 'class-validator';
import { STAFF_ROLES } from '../session-rules';

const PICKABLE_ROLES: readonly Role[] = [...STAFF_ROLES, 'candidate'];

export class PeopleQuery {
  @ApiProperty({ enum: PICKABLE_ROLES })
  @IsIn(PICKABLE_ROLES)
  role: Role;
}

export class SchedulableApplicationsQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;
}
