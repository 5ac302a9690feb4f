import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@yunzhao/config';
import { bodyParsers, createValidationPipe } from '@yunzhao/core';
import { runMigrations } from '@yunzhao/db';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
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
  // First, so every response carries them: JSON, documents, the web app, Swagger, errors.
  app.use(securityHeaders(config));
  app.use(...bodyParsers(config.api.bodyLimit));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // Behind a load balancer the socket address is the balancer's: without this, the login and
  // registration limits per address would count every user together. Never set when the api is
  // reached directly, or X-Forwarded-For could be forged to dodge them.
  if (config.api.trustProxyHops > 0) app.set('trust proxy', config.api.trustProxyHops);
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

/** Where Swagger UI lives: its page needs inline styles, nothing else does. */
const DOCS_PATH = '/api/docs';

/**
 * The web app's Content-Security-Policy. Vite emits same-origin module scripts and stylesheets
 * only (no inline script, no eval); React sets style props through the CSSOM, which style-src
 * does not govern. connect-src adds the media nodes' signaling origins (MEDIA_PUBLIC_URL's and
 * those in CSP_CONNECT_SRC), each as http(s) for socket.io and as ws(s) for its
 * WebSocket transport: a session's media URL comes from the room token at run time, so the
 * list is configured rather than derived. blob:/data: cover recorded-answer previews and
 * downloads (object URLs) and the side-camera QR code (a data: image).
 */
export function contentSecurityPolicy(config: AppConfig): Record<string, string[]> {
  // Taken from the config the app is built with, so the fallback URL handed out always works.
  const media = new Set([
    new URL(config.rooms.mediaPublicUrl).origin,
    ...config.api.connectOrigins,
  ]);
  const signaling = [...media].flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]);
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...signaling],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
  };
}

/**
 * helmet on every api response. Swagger UI gets the same policy plus inline styles (its page
 * carries a <style> block and style attributes; its scripts are external files).
 * upgrade-insecure-requests is left out: an http-only deployment on a LAN address must keep
 * working; HSTS (helmet's default) only takes effect once served over https.
 */
function securityHeaders(config: AppConfig): RequestHandler {
  const policy = contentSecurityPolicy(config);
  const options = (directives: Record<string, string[]>): HelmetOptions => ({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const app = helmet(options(policy));
  const docs = helmet(
    options({
      ...policy,
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
    }),
  );
  // Camera, microphone and screen capture for this site's own pages; no other feature at all.
  const permissions =
    'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()';
  return (request, response, next) => {
    response.setHeader('Permissions-Policy', permissions);
    const isDocs = request.path === DOCS_PATH || request.path.startsWith(`${DOCS_PATH}/`);
    (isDocs ? docs : app)(request, response, next);
  };
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
