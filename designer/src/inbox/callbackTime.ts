import { callbackTimeProblem, localTime, nextDay, type CallbackTimeProblem, type QueueSettings } from '@griot/flows';

/** When the agent promises the subscriber a callback: as soon as possible, or today or tomorrow at a time of the queue's zone. */
export type CallbackWhen = { day: 'asap' } | { day: 'today' | 'tomorrow'; time: string };

/**
 * The instant a wall-clock time of a zone names (`2026-12-04`, `16:30`, `Africa/Porto-Novo`):
 * the zone's offset read through Intl at a first guess, then again at the result (a change of
 * offset between the two, as at a summer-time change, is then taken into account).
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  let at = wall;
  for (let i = 0; i < 2; i += 1) at = wall - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** How far the zone's clock is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const [year, month, date] = local.day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = local.time.split(':').map(Number) as [number, number];
  return Date.UTC(year, month - 1, date, hour, minute) - Math.floor(at.getTime() / 60_000) * 60_000;
}

/**
 * The `callAt` to send for the agent's choice, or why the API would refuse it (the same rules:
 * not past, today or tomorrow, while the queue is open), read on the server's clock. `asap`: none.
 */
export function callbackCallAt(
  when: CallbackWhen,
  nowMs: number,
  settings: Pick<QueueSettings, 'timezone' | 'weeklyHours' | 'holidays'>,
): { callAt?: string } | { problem: CallbackTimeProblem | 'callback_time_missing' } {
  if (when.day === 'asap') return {};
  if (!/^\d{2}:\d{2}$/.test(when.time)) return { problem: 'callback_time_missing' };
  const today = localTime(new Date(nowMs), settings.timezone).day;
  const at = zonedInstant(when.day === 'today' ? today : nextDay(today), when.time, settings.timezone);
  const problem = callbackTimeProblem(at, new Date(nowMs), settings);
  return problem ? { problem } : { callAt: at.toISOString() };
}

/** When the callback is promised, for the callback list: « aujourd'hui 16:30 », « demain 09:00 », else the date; in the queue's zone. */
export function callAtLabel(callAt: string, nowMs: number, timeZone: string): { day: 'today' | 'tomorrow' | 'date'; date: string; time: string } {
  const at = localTime(new Date(callAt), timeZone);
  const today = localTime(new Date(nowMs), timeZone).day;
  const day = at.day === today ? 'today' : at.day === nextDay(today) ? 'tomorrow' : 'date';
  return { day, date: at.day, time: at.time };
}
