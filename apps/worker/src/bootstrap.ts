import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@yunzhao/config';
import { RedisService } from '@yunzhao/db';
import { NOTIFICATIONS_QUEUE } from '@yunzhao/notifications';
import { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import * as http from 'node:http';
import { HOUSEKEEPING_QUEUE } from './housekeeping/housekeeping.processor';
import { RECORDINGS_QUEUE } from './recordings/recordings-queue';

import { WorkerModule } from './worker.module';

export interface WorkerApp {
  context: INestApplicationContext;
  health: http.Server;
  close(): Promise<void>;
}

const QUEUES = [HOUSEKEEPING_QUEUE, NOTIFICATIONS_QUEUE, RECORDINGS_QUEUE];

/**
 * The worker is a Nest application context (no HTTP routes) plus a tiny HTTP
 * server that only answers GET /health, for probes.
 */
export async function createWorkerApp(config: AppConfig): Promise<WorkerApp> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  context.useLogger(context.get(Logger));
  await context.init();

  const redis = context.get(RedisService);
  const queues = QUEUES.map((name) => context.get<Queue>(getQueueToken(name)));
  const health = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NOT_FOUND"}');
      return;
    }
    void (async () => {
      const redisUp = await redis.ping();
      const counts = redisUp
        ? Object.fromEntries(
            await Promise.all(
              queues.map(
                async (q) =>
                  [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed')] as const,
              ),
            ),
          )
        : {};
      response.writeHead(redisUp ? 200 : 503, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: redisUp ? 'ok' : 'unavailable',
          redis: redisUp ? 'up' : 'down',
          queues: counts,
        }),
      );
    })().catch(() => response.writeHead(503).end('{"status":"unavailable"}'));
  });

  return {
    context,
    health,
    async close() {
      await new Promise<void>((resolve) => health.close(() => resolve()));
      await context.close();
    },
  };
}
