import { localMidnight } from '../../analytics/analyticsFilters.ts';
import type { QueueAnalytics } from '@griot/flows';

export interface TodayFigures {
  report: QueueAnalytics | null;
  /** When the report was read (ms). */
  readAt: number | null;
  /** Why the last read failed, in the user's language; the last report stays on screen. */
  error: string | null;
}

export interface TodayFeedDeps {
  /** GET /api/queues/analytics with this query. */
  read(query: URLSearchParams): Promise<QueueAnalytics>;
  /** Calls back whenever the live inbox changes (an event of the agent API was read); returns an unsubscribe. */
  onLiveChange(listener: () => void): () => void;
  now(): Date;
}

export interface TodayFeedOptions {
  /** Read again this often even when nothing is heard (what happens on other instances, the clock). */
  intervalMs: number;
  /** After a live change, wait this long so that a burst of events costs one read. */
  settleMs: number;
}

export const TODAY_FEED: TodayFeedOptions = { intervalMs: 30_000, settleMs: 600 };

/** What the wallboard's figures cover: since local midnight, the last 24 hours, or yesterday (midnight to midnight). */
export type WallboardPeriod = 'today' | '24h' | 'yesterday';
export const WALLBOARD_PERIODS: readonly WallboardPeriod[] = ['today', '24h', 'yesterday'];

/** The query of `GET /api/queues/analytics` for a period at `now` (no `to`: up to now). */
export function wallboardQuery(period: WallboardPeriod, now: Date): URLSearchParams {
  const midnight = localMidnight(now);
  if (period === 'today') return new URLSearchParams({ from: midnight.toISOString() });
  if (period === '24h') return new URLSearchParams({ from: new Date(now.getTime() - 24 * 3_600_000).toISOString() });
  const yesterday = new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() - 1);
  return new URLSearchParams({ from: yesterday.toISOString(), to: midnight.toISOString() });
}

/**
 * Keeps the queue figures current for the wallboard: read at once for the period (by default from local midnight to now),
 * again shortly after each live change of the inbox and on an interval. One read at a time; a
 * change heard during a read makes one more. Returns a stop function.
 */
export function startTodayFeed(deps: TodayFeedDeps, update: (figures: Partial<TodayFigures>) => void, options: TodayFeedOptions = TODAY_FEED, period: WallboardPeriod = 'today'): () => void {
  let stopped = false;
  let reading = false;
  let again = false;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const read = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        // From midnight of the day it is now: the board starts a new day by itself.
        const report = await deps.read(wallboardQuery(period, deps.now()));
        if (!stopped) update({ report, readAt: deps.now().getTime(), error: null });
      } while (again && !stopped);
    } catch (error) {
      if (!stopped) update({ error: (error as Error).message });
    } finally {
      reading = false;
    }
  };
  void read();
  const interval = setInterval(() => void read(), options.intervalMs);
  const unsubscribe = deps.onLiveChange(() => {
    clearTimeout(settle);
    settle = setTimeout(() => void read(), options.settleMs);
  });
  return () => {
    stopped = true;
    clearInterval(interval);
    clearTimeout(settle);
    unsubscribe();
  };
}
