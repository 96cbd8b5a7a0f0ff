import { DependencyError } from '../errors.ts';

/** How long a client is told to wait before trying again when the store could not be reached. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** The MongoDB driver's errors for a server it cannot reach or lost (by name: SQLite installations never load the driver). */
const MONGO_UNREACHABLE = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError']);
/** SQLite: the file is locked by another process past the wait, read-only, full, or failing. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN)/;

/**
 * What failed underneath, for the log only (`SQLITE_FULL`: a full disk, `MongoServerSelectionError`):
 * the SQLite code or the driver's error name, never its message. Undefined for any other error.
 */
export function storeFailureCause(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (unreachable(current)) {
      const { name, code } = current as { name?: unknown; code?: unknown };
      return typeof code === 'string' && SQLITE_UNAVAILABLE.test(code) ? code : String(name);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function unreachable(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return (typeof name === 'string' && MONGO_UNREACHABLE.has(name)) || (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code));
}

/**
 * A request that failed because the store could not be reached or written, as the operational
 * failure it is (503 `store_unavailable` with Retry-After: trying again later may work), not a
 * bug's 500. Null for any other error. Looks through a few `cause`s (errors wrapped on the way).
 */
export function storeUnavailable(error: unknown): DependencyError | null {
  let current = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (unreachable(current)) {
      return new DependencyError('unavailable', 'store_unavailable', 'the database cannot be reached or written right now: try again in a few seconds', {
        retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
        cause: error,
      });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
