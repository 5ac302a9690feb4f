import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@yunzhao/config';
import { bodyParsers, createValidationPipe } from '@yunzhao/core';
import { runMigrations } from '@yunzhao/db';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ApiModule } from './app.module';

/**
 * Builds the api app exactly as production runs it; main.ts and the e2e tests
 * both call this. Pending migrations are applied before the app serves.
 */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.use(...bodyParsers(config.api.bodyLimit));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  if (config.api.corsOrigins.length > 0)
    app.enableCors({ origin: config.api.corsOrigins, credentials: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('云招 yunzhao API')
      .setDescription('Online talent recruitment: registration, interviews, scoring, matching.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  serveWebApp(app, config.api.webDist);
  await runMigrations(app.get(DataSource));
  await app.init();
  return app;
}

/** The built browser app, with client-side routes falling back to index.html. */
function serveWebApp(app: NestExpressApplication, webDist: string): void {
  const index = path.join(webDist, 'index.html');
  if (!fs.existsSync(index)) return;
  app.useStaticAssets(webDist, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage =
      request.method === 'GET' &&
      !request.path.startsWith('/api') &&
      !request.path.startsWith('/socket.io');
    if (isPage && request.accepts('html')) response.sendFile(index);
    else next();
  });
}
