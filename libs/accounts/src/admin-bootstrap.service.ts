import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import { UsersService } from './users.service';

/** Creates the administrator named by ADMIN_USERNAME / ADMIN_PASSWORD on first start. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { username, password } = this.config.admin;
    if (!password) {
      if (!(await this.users.findByUsername(username)))
        this.logger.warn(`no administrator "${username}" exists and ADMIN_PASSWORD is not set`);
      return;
    }
    if (await this.users.ensureAdmin(username, password))
      this.logger.log(`created administrator "${username}"`);
  }
}
