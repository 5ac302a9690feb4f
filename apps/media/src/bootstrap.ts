import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@yunzhao/config';
import { createValidationPipe } from '@yunzhao/core';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { MediaModule } from './media.module';
import { RedisIoAdapter } from './signaling/redis-io.adapter';

/** Builds the media node as production runs it (used by main.ts and the tests). */
export async function createMediaApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(MediaModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // The node's HTTP side is JSON only (health); socket.io answers before express, untouched.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
      },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  await app.init();
  return app;
}
