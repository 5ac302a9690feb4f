import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@yunzhao/core';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'supervisor')
  list(@Query() query: ListAuditQuery) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles('admin', 'supervisor')
  verify() {
    return this.audit.verify();
  }
}
