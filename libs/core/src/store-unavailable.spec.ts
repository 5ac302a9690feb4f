import { isStoreUnavailable } from './store-unavailable';

describe('isStoreUnavailable', () => {
  it('recognises a Redis command refused while the connection is down', () => {
    expect(
      isStoreUnavailable(
        new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      ),
    ).toBe(true);
  });

  it('recognises Postgres going away, also when wrapped by TypeORM', () => {
    expect(isStoreUnavailable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isStoreUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(
      true,
    );
  });

  it('leaves other errors alone', () => {
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
    expect(isStoreUnavailable({ driverError: { code: '23505' } })).toBe(false);
  });
});
