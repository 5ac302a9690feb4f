export * from './applications.service';
export * from './export-format';
export * from './file-type';
export * from './registration.entity';
export * from './registration.module';
