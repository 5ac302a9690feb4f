export * from './campaign.entity';
export * from './campaigns.module';
export * from './campaigns.service';
export * from './demo-seed';
