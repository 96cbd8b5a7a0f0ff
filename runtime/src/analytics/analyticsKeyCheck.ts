import type { ThrottleCounters } from '../store/types.ts';
import type { CallerHasher } from './CallerHasher.ts';

/**
 * Where the server leaves the check of its analytics key: among the throttle counters, the
 * transient state every instance and the CLI share (never expiring, rewritten at each start,
 * not in backups), whose login counters are what the key names.
 */
const KEY_CHECK = 'analytics-key-check';

/** At the server's start: the check of the key it names login counters and audit digests with. */
export async function recordAnalyticsKeyCheck(store: ThrottleCounters, hasher: CallerHasher, now: number): Promise<void> {
  await store.addThrottlePoints(KEY_CHECK, hasher.keyCheck(), 0, now, true);
}

/**
 * Whether `hasher` has the key the server last started with: `different` when it does not (the
 * CLI run without the server's GRIOT_ANALYTICS_KEY, or with another), `unknown` when no server
 * of this version has started on the store yet.
 */
export async function analyticsKeyAgrees(store: ThrottleCounters, hasher: CallerHasher, now: number): Promise<'same' | 'different' | 'unknown'> {
  const recorded = await store.getThrottleCounter(KEY_CHECK, now);
  if (!recorded) return 'unknown';
  return recorded.points === hasher.keyCheck() ? 'same' : 'different';
}
