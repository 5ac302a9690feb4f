import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@yunzhao/core';
import { RedisService } from '@yunzhao/db';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

type Check = 'up' | 'down';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  /** 200 when Postgres and Redis answer, 503 otherwise: the load balancer's readiness probe. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const [db, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2000).then(
        (): Check => 'up',
        (): Check => 'down',
      ),
      withTimeout(this.redis.ping(), 2000).then(
        (ok): Check => (ok ? 'up' : 'down'),
        (): Check => 'down',
      ),
    ]);
    const ok = db === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      db,
      redis,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
