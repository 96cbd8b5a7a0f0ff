import { useEffect, useState } from 'react';
import { analyticsApi } from '../../analytics/analyticsApi.ts';
import { inboxStore } from '../inboxStore.ts';
import { startTodayFeed, type TodayFigures } from './todayQueueFeed.ts';

/** Today's figures per queue, read again as the live inbox changes (each event of the agent API) and every 30 s. */
export function useTodayQueueFigures(): TodayFigures {
  const [figures, setFigures] = useState<TodayFigures>({ report: null, readAt: null, error: null });
  useEffect(
    () =>
      startTodayFeed(
        {
          read: analyticsApi.queues,
          onLiveChange: (listener) =>
            inboxStore.subscribe((state, before) => {
              if (state.contacts !== before.contacts || state.callbacks !== before.callbacks) listener();
            }),
          now: () => new Date(),
        },
        (change) => setFigures((before) => ({ ...before, ...change })),
      ),
    [],
  );
  return figures;
}
