export * from './dto/matching.dto';
export * from './hire-portal.service';
export * from './matching-common';
export * from './matching-runs.service';
export * from './matching-setup.service';
export * from './matching.controller';
export * from './matching.entity';
export * from './matching.module';
