import { describe, expect, it } from 'vitest';
import { callAtLabel, callbackCallAt, zonedInstant } from './callbackTime.ts';

const zone = 'Africa/Porto-Novo';
// Friday 4 December 2026, 16:00 in Porto-Novo (UTC+1).
const now = Date.parse('2026-12-04T15:00:00Z');
const officeHours = { timezone: zone, weeklyHours: { fri: [{ open: '08:00', close: '18:00' }], sat: [{ open: '09:00', close: '12:00' }] }, holidays: [] };

describe('the callback time an agent picks', () => {
  it('is a time of the queue’s zone, whatever the browser’s', () => {
    expect(zonedInstant('2026-12-04', '16:30', zone).toISOString()).toBe('2026-12-04T15:30:00.000Z');
    // Paris changes to summer time on 29 March 2026 at 02:00 UTC.
    expect(zonedInstant('2026-03-29', '09:00', 'Europe/Paris').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedInstant('2026-03-28', '09:00', 'Europe/Paris').toISOString()).toBe('2026-03-28T08:00:00.000Z');
  });

  it('gives the instant to send for today or tomorrow, none for as soon as possible', () => {
    expect(callbackCallAt({ day: 'asap' }, now, officeHours)).toEqual({});
    expect(callbackCallAt({ day: 'today', time: '17:15' }, now, officeHours)).toEqual({ callAt: '2026-12-04T16:15:00.000Z' });
    expect(callbackCallAt({ day: 'tomorrow', time: '10:00' }, now, officeHours)).toEqual({ callAt: '2026-12-05T09:00:00.000Z' });
  });

  it('says why before the server does: past, queue closed, no time', () => {
    expect(callbackCallAt({ day: 'today', time: '09:00' }, now, officeHours)).toEqual({ problem: 'callback_time_past' });
    expect(callbackCallAt({ day: 'today', time: '19:00' }, now, officeHours)).toEqual({ problem: 'callback_time_closed' });
    expect(callbackCallAt({ day: 'tomorrow', time: '14:00' }, now, officeHours)).toEqual({ problem: 'callback_time_closed' });
    expect(callbackCallAt({ day: 'tomorrow', time: '' }, now, officeHours)).toEqual({ problem: 'callback_time_missing' });
  });

  it('reads back as today, tomorrow or a date, in the queue’s zone', () => {
    expect(callAtLabel('2026-12-04T16:15:00.000Z', now, zone)).toEqual({ day: 'today', date: '2026-12-04', time: '17:15' });
    expect(callAtLabel('2026-12-05T09:00:00.000Z', now, zone)).toEqual({ day: 'tomorrow', date: '2026-12-05', time: '10:00' });
    expect(callAtLabel('2026-12-06T09:00:00.000Z', now, zone).day).toBe('date');
  });
});
