import { describe, expect, it } from 'vitest';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { storeUnavailable } from './storeUnavailable.ts';

describe('a store that cannot be reached, as an answer', () => {
  it('is 503 store_unavailable with Retry-After for a lost or unreachable MongoDB and a locked, read-only or failing SQLite file', () => {
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    const wrapped = new Error('saving the draft failed', { cause: new MongoNetworkError('connection reset') });
    for (const error of [new MongoServerSelectionError('Server selection timed out after 10000 ms', { type: 'Unknown' } as never), locked, readOnly, wrapped]) {
      expect(storeUnavailable(error)).toMatchObject({ reason: 'unavailable', code: 'store_unavailable', retryAfterSeconds: 5 });
    }
  });

  it('leaves every other error alone (a duplicate key, a constraint, a bug)', () => {
    for (const error of [
      new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }),
      Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      new TypeError('x is undefined'),
      null,
    ]) {
      expect(storeUnavailable(error)).toBeNull();
    }
  });
});
