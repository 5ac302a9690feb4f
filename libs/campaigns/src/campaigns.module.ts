import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@yunzhao/accounts';
import { CampaignCategoryEntity, CampaignEntity, PostEntity } from './campaign.entity';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { DemoSeeder } from './demo-seeder.service';

/** Campaigns, discipline categories, posts and eligibility rules (HR side). */
@Module({
  imports: [
    TypeOrmModule.forFeature([CampaignEntity, CampaignCategoryEntity, PostEntity]),
    AccountsModule,
  ],
  controllers: [CampaignsController],
  providers: [CampaignsService, DemoSeeder],
  exports: [CampaignsService],
})
export class CampaignsModule {}
