import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldViolation, ValidationFailedException } from './app.exception';

/** The constraint arguments (e.g. the 8 of MinLength(8)) of one failed check. */
function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name === name || m.type === name));
  return (metadata?.constraints as unknown[] | undefined) ?? [];
}

function flatten(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldViolation[] = error.constraints
      ? [
          {
            field,
            constraints: Object.keys(error.constraints).map((name) => ({
              name,
              args: constraintArgs(error.target, error.property, name),
            })),
          },
        ]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Deeper than any DTO nests; deeper input is left to the RangeError guard below. */
const NUL_SCAN_DEPTH = 64;

/**
 * The path of the first string (a value or a key) that holds a NUL character, or null.
 * Postgres text cannot store NUL: such a value would fail in the database as a 500.
 */
export function pathOfNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null || depth >= NUL_SCAN_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = pathOfNul(item, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * class-transformer and class-validator recurse through the input: a body nested a few
 * thousand levels deep overflows the stack (RangeError), and validator.js's isEmail throws
 * URIError on a lone UTF-16 surrogate. Both are bad input (400), not a 500. So is a NUL in
 * any text field, refused here once for every body, query and message.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nulAt = pathOfNul(value, metadata.data ?? '');
    if (nulAt !== null) {
      throw new ValidationFailedException([
        { field: nulAt || metadata.type, constraints: [{ name: 'noNul', args: [] }] },
      ]);
    }
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (!(error instanceof RangeError) && !(error instanceof URIError)) throw error;
      throw new ValidationFailedException([
        { field: metadata.data ?? metadata.type, constraints: [{ name: 'isObject', args: [] }] },
      ]);
    }
  }
}

/**
 * The single validation pipe of every app: unknown fields are refused, types
 * are converted from strings only where a DTO says so, and failures carry
 * structured per-field violations that the filter words per locale.
 */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flatten(errors)),
  });
}
