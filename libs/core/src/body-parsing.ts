import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@yunzhao/contracts';
import express, { NextFunction, Request, Response } from 'express';
import { AppException, ValidationFailedException } from './app.exception';

/**
 * Thrown while parsing: a key that would reach an object's prototype.
 * body-parser deletes an error's own properties, so the key lives in the message.
 */
class ForbiddenKeyError extends Error {
  constructor(key: string) {
    super(`forbidden key ${key}`);
  }

  get key(): string {
    return this.message.slice('forbidden key '.length);
  }
}

// JSON.parse keeps "__proto__" as an own key, which class-transformer would
// then assign as the prototype, and "constructor" slips past the whitelist;
// no DTO has such fields, so they are refused while parsing.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (PROTOTYPE_KEYS.has(key)) throw new ForbiddenKeyError(key);
  return value;
}

/** Turns body-parser's failures into the platform's own error codes. */
function bodyError(
  error: unknown,
  _request: Request,
  _response: Response,
  next: NextFunction,
): void {
  if (error instanceof ForbiddenKeyError) {
    return next(
      new ValidationFailedException([
        { field: error.key, constraints: [{ name: 'whitelistValidation', args: [] }] },
      ]),
    );
  }
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === 'entity.parse.failed')
    return next(new AppException(ErrorCode.MalformedJson, HttpStatus.BAD_REQUEST));
  if (type === 'entity.too.large')
    return next(new AppException(ErrorCode.PayloadTooLarge, HttpStatus.PAYLOAD_TOO_LARGE));
  if (typeof status === 'number' && status >= 400 && status < 500)
    return next(new AppException(ErrorCode.BadRequest, status));
  next(error);
}

/** JSON and form bodies up to `limit`, with parse failures answered as 400/413. */
export function bodyParsers(limit: string) {
  return [
    express.json({ limit, reviver: refusePrototypeKeys }),
    express.urlencoded({ limit, extended: false }),
    bodyError,
  ];
}
