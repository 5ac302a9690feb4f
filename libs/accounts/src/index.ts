export * from './accounts.module';
export * from './auth.service';
export * from './password';
export * from './refresh-token.entity';
export * from './user.entity';
export * from './users.service';
