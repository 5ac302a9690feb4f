import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@yunzhao/contracts';

/**
 * The one exception type services throw for a user-facing failure. The filter
 * turns it into {code, message, details?} in the caller's language.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: HttpStatus,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
}

/** One failed constraint of one field, before it is put into words. */
export interface FieldViolation {
  field: string;
  constraints: { name: string; args: unknown[] }[];
}

export class ValidationFailedException extends AppException {
  constructor(readonly violations: FieldViolation[]) {
    super(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST);
  }
}
