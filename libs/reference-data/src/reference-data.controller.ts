import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthUser, CurrentUser, Roles } from '@yunzhao/core';
import { ImportUniversitiesDto, UniversityQuery } from './dto/reference-data.dto';
import { ReferenceDataService } from './reference-data.service';

@ApiTags('reference-data')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceDataController {
  constructor(private readonly reference: ReferenceDataService) {}

  @Get('universities')
  universities(@Query() query: UniversityQuery) {
    return this.reference.listUniversities(query.q);
  }

  @Get('disciplines')
  disciplines() {
    return this.reference.listDisciplines();
  }

  @Post('universities/import')
  @Roles('admin')
  @HttpCode(200)
  importUniversities(@Body() body: ImportUniversitiesDto, @CurrentUser() user: AuthUser) {
    return this.reference.importUniversities(body.csv, actorOf(user));
  }
}
