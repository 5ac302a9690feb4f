import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '@yunzhao/config';
import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';

/**
 * Paths never written to the log in full: credentials, tokens and personal
 * identifiers. Request bodies are not logged at all.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.idNumber',
  '*.phone',
];

/** Structured JSON logs (pino) with a request id that error bodies quote. */
export function loggerParams(config: AppConfig, app: string): Params {
  return {
    // Nest 11 route syntax for "every path" (the default '*' triggers a legacy-route warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      base: { app, pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => {
        const incoming = req.headers['x-request-id'];
        return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming)
          ? incoming
          : randomUUID();
      },
      autoLogging: {
        ignore: (req: IncomingMessage) => req.url === '/api/health' || req.url === '/health',
      },
    },
  };
}
