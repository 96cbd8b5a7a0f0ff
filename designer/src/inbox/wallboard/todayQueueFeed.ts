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

/**
 * Keeps today's queue figures current for the wallboard: read at once from local midnight to now,
 * again shortly after each live change of the inbox and on an interval. One read at a time; a
 * change heard during a read makes one more. Returns a stop function.
 */
export function startTodayFeed(deps: TodayFeedDeps, update: (figures: Partial<TodayFigures>) => void, options: TodayFeedOptions = TODAY_FEED): () => void {
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
        const report = await deps.read(new URLSearchParams({ from: localMidnight(deps.now()).toISOString() }));
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
