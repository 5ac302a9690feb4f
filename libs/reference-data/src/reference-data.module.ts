import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceDataController } from './reference-data.controller';
import { DisciplineEntity, UniversityEntity } from './reference-data.entity';
import { ReferenceDataService } from './reference-data.service';

/** Universities with their tiers and the discipline catalogue. */
@Module({
  imports: [TypeOrmModule.forFeature([UniversityEntity, DisciplineEntity])],
  controllers: [ReferenceDataController],
  providers: [ReferenceDataService],
  exports: [ReferenceDataService],
})
export class ReferenceDataModule {}
