import type { QueueSettings, Weekday } from '../api/handoff.ts';

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date, weekday and time of an instant in a time zone (`Africa/Porto-Novo`), through Intl. */
export function localTime(at: Date, timeZone: string): { day: string; weekday: Weekday; time: string } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon', time: `${parts.hour}:${parts.minute}` };
}

/** Whether a time zone name is one Intl knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether agents of a queue work at this instant: not on a holiday, and inside one of the
 * day's opening ranges (`open` included, `close` excluded). No weekly hours at all: always open.
 */
export function isOpenAt(settings: Pick<QueueSettings, 'timezone' | 'weeklyHours' | 'holidays'>, at: Date): boolean {
  const local = localTime(at, settings.timezone);
  if (settings.holidays.includes(local.day)) return false;
  if (Object.keys(settings.weeklyHours).length === 0) return true;
  const ranges = settings.weeklyHours[local.weekday] ?? [];
  return ranges.some((r) => local.time >= r.open && local.time < r.close);
}
