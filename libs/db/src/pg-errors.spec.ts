import { isForeignKeyViolation, isUniqueViolation, refuseOnViolation } from './pg-errors';

const pgError = (code: string, constraint?: string) => ({ driverError: { code, constraint } });

describe('Postgres refusals', () => {
  it('recognises unique and foreign-key violations, optionally by constraint', () => {
    expect(isUniqueViolation(pgError('23505', 'users_username'))).toBe(true);
    expect(isUniqueViolation(pgError('23505', 'users_username'), 'other')).toBe(false);
    expect(isForeignKeyViolation(pgError('23503'))).toBe(true);
    expect(isForeignKeyViolation(new Error('plain'))).toBe(false);
  });

  it('turns the recognised refusal into the caller error and lets the rest through', async () => {
    const refusal = () => new Error('already taken');
    await expect(
      refuseOnViolation(() => Promise.resolve(7), isUniqueViolation, refusal),
    ).resolves.toBe(7);
    await expect(
      refuseOnViolation(() => Promise.reject(pgError('23505')), isUniqueViolation, refusal),
    ).rejects.toThrow('already taken');
    const other = pgError('23503');
    await expect(
      refuseOnViolation(() => Promise.reject(other), isUniqueViolation, refusal),
    ).rejects.toBe(other);
  });
});
