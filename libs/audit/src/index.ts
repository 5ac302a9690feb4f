export * from './audit-entry.entity';
export * from './audit-chainer';
export * from './audit.module';
export * from './audit.service';
