import { Controller, Get, Res } from '@nestjs/common';
import { RedisService } from '@yunzhao/db';
import type { Response } from 'express';
import { RecordingService } from '../recording/recording.service';
import { WorkerPool } from '../workers/worker-pool.service';

@Controller('health')
export class MediaHealthController {
  constructor(
    private readonly workers: WorkerPool,
    private readonly redis: RedisService,
    private readonly recording: RecordingService,
  ) {}

  /** 200 while every worker slot is live and Redis answers; lists each worker's pid and usage. */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const [workers, redisUp] = await Promise.all([this.workers.status(), this.redis.ping()]);
    const ok = workers.every((w) => w.pid > 0) && redisUp;
    response.status(ok ? 200 : 503);
    const { enabled, recorders, portsInUse } = this.recording.status();
    return {
      status: ok ? 'ok' : 'unavailable',
      redis: redisUp ? 'up' : 'down',
      workers,
      recording: { enabled, recorders, portsInUse },
    };
  }
}
