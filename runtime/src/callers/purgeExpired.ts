import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';

export interface PurgeCounts {
  sessions: number;
  callers: number;
  transcripts: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: removes expired sessions, and caller profiles and transcripts older than
 * `retentionDays` (a profile's age counts from its last contact).
 */
export async function purgeExpired(store: Store, now: Date, retentionDays: number): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const sessions = await store.purgeExpiredSessions(now.toISOString());
  const callers = await store.purgeCallers(before);
  const transcripts = await store.purgeTranscripts(before);
  return { sessions, callers, transcripts };
}

/**
 * Runs `purgeExpired` now and then every `intervalMs` (an hour by default) until stopped, and
 * removes expired sessions every `sessionIntervalMs` (a minute): a conversation that simply
 * went quiet (a chat nobody closes) keeps what it fetched only until then. The timers do not
 * keep the process alive; a failure is logged and retried at the next tick.
 */
export function startRetentionJob(options: {
  store: Store;
  logger: Logger;
  clock: () => Date;
  retentionDays: number;
  intervalMs?: number;
  sessionIntervalMs?: number;
}): { stop: () => void; runOnce: () => Promise<PurgeCounts | null> } {
  const runOnce = async (): Promise<PurgeCounts | null> => {
    try {
      const counts = await purgeExpired(options.store, options.clock(), options.retentionDays);
      if (counts.sessions + counts.callers + counts.transcripts > 0) options.logger.info({ event: 'retention.purge', ...counts }, 'purged expired data');
      return counts;
    } catch (error) {
      options.logger.error({ event: 'retention.failed', err: { message: (error as Error).message } }, 'retention purge failed');
      return null;
    }
  };
  const purgeSessions = async (): Promise<void> => {
    try {
      const sessions = await options.store.purgeExpiredSessions(options.clock().toISOString());
      if (sessions > 0) options.logger.debug({ event: 'retention.sessions', sessions }, 'purged expired sessions');
    } catch (error) {
      options.logger.error({ event: 'retention.failed', err: { message: (error as Error).message } }, 'purging expired sessions failed');
    }
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 60 * 60 * 1000);
  const sessionTimer = setInterval(() => void purgeSessions(), options.sessionIntervalMs ?? 60 * 1000);
  timer.unref();
  sessionTimer.unref();
  void runOnce();
  return {
    stop: () => {
      clearInterval(timer);
      clearInterval(sessionTimer);
    },
    runOnce,
  };
}
