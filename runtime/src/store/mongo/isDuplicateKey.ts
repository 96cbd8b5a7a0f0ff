import { MongoServerError } from 'mongodb';

/** A write refused by a unique index (E11000): a conflict with existing data, not a failure. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
