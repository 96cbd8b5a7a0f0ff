import type { Store } from './store/types.ts';
import type { Logger } from './logger.ts';
import type { AuditLog } from './audit/auditLog.ts';

/** What every service function needs: the store, the clock, ids, the audit log and a logger. */
export interface ServiceContext {
  store: Store;
  /** ISO-8601 time; injectable so tests can move the clock. */
  now: () => string;
  newId: () => string;
  audit: AuditLog;
  logger: Logger;
}

/** Who performs a change, as written in the audit log. */
export interface Actor {
  username: string;
}
