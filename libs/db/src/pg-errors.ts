// Postgres SQLSTATEs that services turn into user-facing conflicts.
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function driverError(error: unknown): { code?: string; constraint?: string } | undefined {
  return (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
}

/** A unique constraint refused the write (optionally: this named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driver = driverError(error);
  return (
    driver?.code === UNIQUE_VIOLATION &&
    (constraint === undefined || driver.constraint === constraint)
  );
}

/** A foreign key refused the write or delete (the row is still referenced). */
export function isForeignKeyViolation(error: unknown): boolean {
  return driverError(error)?.code === FOREIGN_KEY_VIOLATION;
}

/**
 * Runs one write and turns the Postgres refusal that `violation` recognises into the
 * caller's own error (a 409 the user can read); anything else propagates unchanged.
 */
export async function refuseOnViolation<T>(
  write: () => Promise<T>,
  violation: (error: unknown) => boolean,
  refusal: () => Error,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (violation(error)) throw refusal();
    throw error;
  }
}
