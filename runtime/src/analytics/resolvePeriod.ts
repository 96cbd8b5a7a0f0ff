import { invalid } from '../errors.ts';
import type { AnalyticsPeriod } from '@griot/flows';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longer than the counters are kept by default: a longer period would only read zeros. */
const LONGEST_DAYS = 400;

/**
 * The whole hours a request asks about: `from` rounded down, `to` rounded up (default: now, and
 * the 7 days before). Counters are hourly, so a period is never cut inside an hour.
 */
export function resolvePeriod(from: string | undefined, to: string | undefined, now: Date): AnalyticsPeriod {
  const end = Math.ceil((to ? Date.parse(to) : now.getTime()) / HOUR_MS) * HOUR_MS;
  const start = Math.floor((from ? Date.parse(from) : end - 7 * DAY_MS) / HOUR_MS) * HOUR_MS;
  if (!(start < end)) throw invalid('invalid_period', '`from` must be before `to`', { field: 'from' });
  if (end - start > LONGEST_DAYS * DAY_MS) throw invalid('invalid_period', `a period is at most ${LONGEST_DAYS} days`, { field: 'from' });
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
