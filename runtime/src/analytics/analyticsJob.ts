import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import type { AnalyticsConfig } from './analyticsConfig.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Folds everything recorded so far into the counters, a batch at a time; returns how many batches. */
export async function rollUpAll(store: Store, batch = 5_000): Promise<number> {
  let total = 0;
  for (let folded = await store.rollUpFacts(batch); folded > 0; folded = await store.rollUpFacts(batch)) {
    total += folded;
    // Let turns through between batches: a backlog must not hold the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

/** Raw facts past GRIOT_ANALYTICS_RAW_RETENTION_DAYS and counters past GRIOT_ANALYTICS_RETENTION_DAYS. */
export async function purgeAnalytics(store: Store, now: Date, config: Pick<AnalyticsConfig, 'rawRetentionDays' | 'retentionDays'>): Promise<{ facts: number; counters: number }> {
  await rollUpAll(store);
  const facts = await store.purgeFacts(new Date(now.getTime() - config.rawRetentionDays * DAY_MS).toISOString());
  const counters = await store.purgeCounters(new Date(now.getTime() - config.retentionDays * DAY_MS).toISOString());
  return { facts, counters };
}

/**
 * Folds recorded facts into counters every GRIOT_ANALYTICS_ROLLUP_SECONDS, and purges what is
 * past its retention every `purgeIntervalMs` (an hour), as the callers' retention job does.
 * Timers do not keep the process alive; a failure is logged and retried at the next tick.
 */
export function startAnalyticsJob(options: {
  store: Store;
  logger: Logger;
  clock: () => Date;
  config: Pick<AnalyticsConfig, 'rawRetentionDays' | 'retentionDays' | 'rollUpSeconds'>;
  /** How often to purge (an hour); null: never here (the server purges in a leased job, runtime/src/cluster). */
  purgeIntervalMs?: number | null;
}): { stop: () => void; rollUp: () => Promise<number>; purge: () => Promise<{ facts: number; counters: number } | null> } {
  const log = options.logger.child({ component: 'analytics' });
  let rolling: Promise<number> | null = null;
  const rollUp = () =>
    (rolling ??= rollUpAll(options.store)
      .catch((error: unknown) => {
        log.error({ event: 'analytics.rollUpFailed', err: { message: (error as Error).message } }, 'folding analytics facts failed');
        return 0;
      })
      .finally(() => (rolling = null)));
  const purge = async () => {
    try {
      const counts = await purgeAnalytics(options.store, options.clock(), options.config);
      if (counts.facts + counts.counters > 0) log.info({ event: 'analytics.purge', ...counts }, 'purged old analytics');
      return counts;
    } catch (error) {
      log.error({ event: 'analytics.purgeFailed', err: { message: (error as Error).message } }, 'purging analytics failed');
      return null;
    }
  };
  const rollTimer = setInterval(() => void rollUp(), options.config.rollUpSeconds * 1000);
  rollTimer.unref();
  const purgeTimer = options.purgeIntervalMs === null ? undefined : setInterval(() => void purge(), options.purgeIntervalMs ?? 60 * 60 * 1000);
  purgeTimer?.unref();
  // Like the callers' retention job: once at start, then on the timer.
  if (purgeTimer) void purge();
  return {
    stop: () => {
      clearInterval(rollTimer);
      clearInterval(purgeTimer);
    },
    rollUp,
    purge,
  };
}
