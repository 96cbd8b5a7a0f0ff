import type { QueueSettings, Store } from '../store/types.ts';

/** Waiting this long (seconds) gets a callback offer when a queue has no settings of its own. */
export const DEFAULT_CALLBACK_AFTER_SECONDS = 120;

/** A queue without stored settings: always open, callback offered after two minutes. */
export function defaultQueueSettings(queue: string, timezone: string): QueueSettings {
  return { queue, callbackAfterSeconds: DEFAULT_CALLBACK_AFTER_SECONDS, timezone, weeklyHours: {}, holidays: [], updatedAt: new Date(0).toISOString(), updatedBy: 'default' };
}

/** The queue's stored settings, else the defaults. */
export async function queueSettingsOf(store: Store, queue: string, timezone: string): Promise<QueueSettings> {
  return (await store.getQueueSettings(queue)) ?? defaultQueueSettings(queue, timezone);
}
