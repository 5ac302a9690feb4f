import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ERROR_MESSAGES, ErrorBody, ErrorCode, FieldError, Locale } from '@yunzhao/contracts';
import type { Request, Response } from 'express';
import { AppException, ValidationFailedException } from './app.exception';
import { pickLocale } from './locale';
import { isStoreUnavailable } from './store-unavailable';
import { validationMessage } from './validation-messages';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.TooManyAttempts,
  503: ErrorCode.ServiceUnavailable,
};

/** Fills `{name}` in a message from the same-named string fields of `details`, e.g. a window's dates. */
function fillPlaceholders(message: string, details: unknown): string {
  if (typeof details !== 'object' || details === null) return message;
  const values = details as Record<string, unknown>;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : whole,
  );
}

interface Rendered {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * The one place where failures become responses: {code, message, details?},
 * message in the caller's language. Anything unexpected is a 500 that carries
 * only a correlation id; the details go to the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    const response = host.switchToHttp().getResponse<Response>();
    const rendered = this.render(
      exception,
      pickLocale(request.headers['accept-language']),
      String(request.id ?? ''),
    );
    if (response.headersSent) return;
    response
      .status(rendered.status)
      .set(rendered.headers ?? {})
      .json(rendered.body);
  }

  render(exception: unknown, locale: Locale, correlationId: string): Rendered {
    const message = (code: ErrorCode) => ERROR_MESSAGES[code][locale];
    if (exception instanceof ValidationFailedException) {
      const details: FieldError[] = exception.violations.map((v) => ({
        field: v.field,
        messages: v.constraints.map((c) => validationMessage(locale, c.name, v.field, c.args)),
      }));
      return {
        status: exception.status,
        body: { code: exception.code, message: message(exception.code), details },
      };
    }
    if (exception instanceof AppException) {
      const body: ErrorBody = {
        code: exception.code,
        message: fillPlaceholders(message(exception.code), exception.details),
      };
      if (exception.details !== undefined) body.details = exception.details;
      return { status: exception.status, body, headers: exception.headers };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const code = STATUS_CODES[exception.getStatus()] ?? ErrorCode.BadRequest;
      return { status: exception.getStatus(), body: { code, message: message(code) } };
    }
    if (isStoreUnavailable(exception)) {
      this.logger.warn({ correlationId, err: exception }, 'data store unavailable');
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: {
          code: ErrorCode.ServiceUnavailable,
          message: message(ErrorCode.ServiceUnavailable),
        },
        headers: { 'Retry-After': '5' },
      };
    }
    this.logger.error({ correlationId, err: exception }, 'unhandled error');
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: {
        code: ErrorCode.Internal,
        message: message(ErrorCode.Internal),
        details: { correlationId },
      },
    };
  }
}
