export * from './campaign.entity';
export * from './campaigns.module';
export * from './campaigns.service';
export * from './category-lock';
export * from './demo-seed';
