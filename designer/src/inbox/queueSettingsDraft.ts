import type { QueueSettings, Weekday, WeeklyHours } from '@griot/flows';
import type { QueueSettingsBody } from '../api/agentApi.ts';
import { DEFAULT_CALLBACK_AFTER_SECONDS } from './queueFigures.ts';

export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** As the API allows. */
export const MAX_PERIODS = 6;
export const MAX_HOLIDAYS = 366;
export const WORKING_DAY = { open: '08:00', close: '18:00' };
/** Suggested first: Benin's zone, then its neighbours' and a few usual ones; the field takes any IANA name. */
export const SUGGESTED_ZONES = ['Africa/Porto-Novo', 'Africa/Lagos', 'Africa/Lome', 'Africa/Abidjan', 'Africa/Dakar', 'Africa/Douala', 'Europe/Paris', 'UTC'];
const MIDNIGHT = '24:00';

/** An open–close period as typed: a time input cannot hold the API's `24:00`, so midnight is `00:00`. */
export interface PeriodDraft {
  open: string;
  close: string;
}

/** A queue's settings as the supervisor edits them. */
export interface SettingsDraft {
  /** What agents and supervisors read for the queue; empty: its name. */
  displayName: string;
  minutes: string;
  seconds: string;
  timezone: string;
  alwaysOpen: boolean;
  days: Record<Weekday, PeriodDraft[]>;
  holidays: string[];
  whenClosed: 'message' | 'callback';
}

/** The place of a mistake, as the API names fields (`weeklyHours.mon.0.close`). */
export type SettingsField = 'displayName' | 'callbackAfterSeconds' | 'timezone' | 'weeklyHours' | 'holidays' | 'whenClosed';
export interface DraftProblem {
  field: SettingsField;
  /** For opening hours: which day and period, and which end. */
  day?: Weekday;
  index?: number;
  which?: 'open' | 'close';
  /** Found before asking the API: `badThreshold`, `badInterval`. */
  rule?: 'badThreshold' | 'badInterval';
}

export function draftOf(settings: QueueSettings): SettingsDraft {
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, (settings.weeklyHours[day] ?? []).map((p) => ({ open: p.open, close: p.close === MIDNIGHT ? '00:00' : p.close }))])) as Record<
    Weekday,
    PeriodDraft[]
  >;
  return {
    displayName: settings.displayName ?? '',
    minutes: String(Math.floor(settings.callbackAfterSeconds / 60)),
    seconds: String(settings.callbackAfterSeconds % 60),
    timezone: settings.timezone,
    alwaysOpen: Object.keys(settings.weeklyHours).length === 0,
    days,
    holidays: [...settings.holidays].sort(),
    whenClosed: settings.whenClosed === 'callback' ? 'callback' : 'message',
  };
}

/** Leaving "always open" with no hours at all starts from working days, not from a queue closed all week. */
export function leaveAlwaysOpen(draft: SettingsDraft): SettingsDraft {
  if (WEEKDAYS.some((day) => draft.days[day].length)) return { ...draft, alwaysOpen: false };
  const days = { ...draft.days };
  for (const day of WEEKDAYS.slice(0, 5)) days[day] = [{ ...WORKING_DAY }];
  return { ...draft, alwaysOpen: false, days };
}

const wholeNumber = (text: string) => (text.trim() === '' ? 0 : Number(text));

/**
 * The request body of PUT /api/agent/queues/:queue/settings, or the first thing the supervisor
 * must fix. `filled` is what the form was filled from: a queue that never chose what happens when
 * closed keeps not choosing ("message" is the default).
 */
export function bodyOf(draft: SettingsDraft, filled: QueueSettings | null): { body: QueueSettingsBody } | { problem: DraftProblem } {
  const minutes = wholeNumber(draft.minutes);
  const seconds = wholeNumber(draft.seconds);
  if (!Number.isInteger(minutes) || !Number.isInteger(seconds) || minutes < 0 || seconds < 0 || (draft.minutes.trim() === '' && draft.seconds.trim() === '')) {
    return { problem: { field: 'callbackAfterSeconds', rule: 'badThreshold' } };
  }
  const weeklyHours: WeeklyHours = {};
  if (!draft.alwaysOpen) {
    // Every day is listed when not always open: `{}` would mean always open, not closed all week.
    for (const day of WEEKDAYS) {
      const periods = [];
      for (const [index, period] of draft.days[day].entries()) {
        const close = period.close === '00:00' ? MIDNIGHT : period.close;
        if (!period.open || !close || close <= period.open) {
          return { problem: { field: 'weeklyHours', day, index, which: period.open ? 'close' : 'open', rule: 'badInterval' } };
        }
        periods.push({ open: period.open, close });
      }
      weeklyHours[day] = periods;
    }
  }
  const whenClosed = draft.whenClosed === 'callback' || filled?.whenClosed ? { whenClosed: draft.whenClosed } : {};
  // Sent when there is one, or to take one away (empty: the queue reads by its name again).
  const displayName = draft.displayName.trim() || filled?.displayName ? { displayName: draft.displayName.trim() } : {};
  return { body: { callbackAfterSeconds: minutes * 60 + seconds, timezone: draft.timezone.trim(), weeklyHours, holidays: [...draft.holidays], ...whenClosed, ...displayName } };
}

/** Where the API's 400 points (`weeklyHours.mon.0.close`), as a draft problem; null for a field the form does not have. */
export function problemAt(path: string): DraftProblem | null {
  const [root, day, index, which] = path.split('.');
  if (root === 'displayName' || root === 'callbackAfterSeconds' || root === 'timezone' || root === 'holidays' || root === 'whenClosed') return { field: root };
  if (root !== 'weeklyHours') return null;
  return {
    field: 'weeklyHours',
    ...(WEEKDAYS.includes(day as Weekday) ? { day: day as Weekday } : {}),
    ...(index !== undefined && /^\d+$/.test(index) ? { index: Number(index) } : {}),
    ...(which === 'open' || which === 'close' ? { which } : {}),
  };
}

/** A queue the listing did not include has the server's defaults: always open, the usual threshold and zone. */
export function defaultSettings(queue: string, known: QueueSettings[]): QueueSettings {
  const timezone = known.find((s) => s.updatedBy === 'default')?.timezone ?? SUGGESTED_ZONES[0]!;
  return { queue, callbackAfterSeconds: DEFAULT_CALLBACK_AFTER_SECONDS, timezone, weeklyHours: {}, holidays: [], updatedAt: '', updatedBy: 'default' };
}
