import type { Store } from './store/types.ts';
import type { Logger } from './logger.ts';
import type { AuditLog } from './audit/auditLog.ts';
import type { LintContext } from '@griot/flows';

/** What every service function needs: the store, the clock, ids, the audit log and a logger. */
export interface ServiceContext {
  store: Store;
  /** ISO-8601 time; injectable so tests can move the clock. */
  now: () => string;
  newId: () => string;
  audit: AuditLog;
  logger: Logger;
  /**
   * What the configuration tells lint (which backends each secret may go to, which hosts may be
   * called), for publishing and promoting; absent, the flow is checked alone.
   */
  lintContext?: LintContext;
}

/** Who performs a change, as written in the audit log. */
export interface Actor {
  username: string;
}
