import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UsersService } from '@yunzhao/accounts';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { ErrorCode } from '@yunzhao/contracts';
import { AppException } from '@yunzhao/core';
import { DataSource } from 'typeorm';
import { seedDemoCampaign } from './demo-seed';

/**
 * On boot: the demo campaign when SEED_DEMO is true and no campaign exists,
 * and an HR account when DEMO_HR_PASSWORD is set (never a built-in password).
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { seed, hrUsername, hrPassword } = this.config.demo;
    if (seed) {
      const id = await seedDemoCampaign(this.dataSource);
      if (id) this.logger.log(`seeded the demo campaign (${id})`);
    }
    if (hrPassword && !(await this.users.findByUsername(hrUsername))) {
      try {
        await this.users.create(
          {
            username: hrUsername,
            displayName: '人事专员（演示）',
            password: hrPassword,
            roles: ['hr'],
          },
          'system',
        );
        this.logger.log(`created demo HR account "${hrUsername}"`);
      } catch (error) {
        if (!(error instanceof AppException && error.code === ErrorCode.UsernameTaken)) throw error;
      }
    }
  }
}
