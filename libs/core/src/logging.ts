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
      // Lines written during a request carry only its id: binding the whole request to each
      // request's logger serialised and redacted it up front on every request, logged or not
      // (about a quarter of the api's CPU per request in bench:api). The request itself goes on the
      // completion line, serialised only when that line is written.
      quietReqLogger: true,
      quietResLogger: true,
      customSuccessObject: (req: IncomingMessage, _res: unknown, line: object) => ({
        ...line,
        req,
      }),
      customErrorObject: (req: IncomingMessage, _res: unknown, _error: unknown, line: object) => ({
        ...line,
        req,
      }),
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
