import type { QueueSettings } from '../api/handoff.ts';
import { isOpenAt, localTime } from './businessHours.ts';

/** A time picked within the current minute is not "in the past": the agent's clock and ours differ a little. */
const PAST_TOLERANCE_MS = 60_000;

export type CallbackTimeProblem = 'callback_time_past' | 'callback_time_too_far' | 'callback_time_closed';

/**
 * Whether an agent may promise the subscriber a callback at `at`: not in the past, today or
 * tomorrow in the queue's time zone (a callback is a promise the next shift keeps, not an
 * appointment book), and while the queue is open (its weekly hours and holidays). Null when it may.
 */
export function callbackTimeProblem(at: Date, now: Date, settings: Pick<QueueSettings, 'timezone' | 'weeklyHours' | 'holidays'>): CallbackTimeProblem | null {
  if (at.getTime() < now.getTime() - PAST_TOLERANCE_MS) return 'callback_time_past';
  const today = localTime(now, settings.timezone).day;
  const tomorrow = nextDay(today);
  const day = localTime(at, settings.timezone).day;
  if (day !== today && day !== tomorrow) return 'callback_time_too_far';
  if (!isOpenAt(settings, at)) return 'callback_time_closed';
  return null;
}

/** `YYYY-MM-DD` plus one calendar day. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
