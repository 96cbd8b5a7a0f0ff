import { useEffect, useState } from 'react';
import { analyticsApi } from '../../analytics/analyticsApi.ts';
import { inboxStore } from '../inboxStore.ts';
import { TODAY_FEED, startTodayFeed, type TodayFigures, type WallboardPeriod } from './todayQueueFeed.ts';

/** The period's figures per queue (today by default), read again as the live inbox changes (each event of the agent API) and every 30 s. */
export function useTodayQueueFigures(period: WallboardPeriod = 'today'): TodayFigures {
  const [figures, setFigures] = useState<TodayFigures>({ report: null, readAt: null, error: null });
  useEffect(() => {
    setFigures({ report: null, readAt: null, error: null });
    return startTodayFeed(
      {
        read: analyticsApi.queues,
        onLiveChange: (listener) =>
          inboxStore.subscribe((state, before) => {
            if (state.contacts !== before.contacts || state.callbacks !== before.callbacks) listener();
          }),
        now: () => new Date(),
      },
      (change) => setFigures((before) => ({ ...before, ...change })),
      TODAY_FEED,
      period,
    );
  }, [period]);
  return figures;
}
