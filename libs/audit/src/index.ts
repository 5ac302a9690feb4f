export * from './audit-entry.entity';
export * from './audit-chainer';
export * from './audit.module';
export * from './audit.service';
export * from './audit-actor';
export * from './dto/audit-entry.view';
