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
