import { describe, expect, it } from 'vitest';
import { callbackTimeProblem } from './callbackTime.ts';

// Porto-Novo is UTC+1 all year.
const zone = 'Africa/Porto-Novo';
const alwaysOpen = { timezone: zone, weeklyHours: {}, holidays: [] };
const officeHours = { timezone: zone, weeklyHours: { fri: [{ open: '08:00', close: '18:00' }], sat: [{ open: '09:00', close: '12:00' }] }, holidays: [] };
// Friday 4 December 2026, 16:00 in Porto-Novo.
const now = new Date('2026-12-04T15:00:00Z');

describe('the time an agent promises a callback', () => {
  it('may be later today or tomorrow, in the queue’s zone', () => {
    expect(callbackTimeProblem(new Date('2026-12-04T16:30:00Z'), now, alwaysOpen)).toBeNull();
    // 23:30 tomorrow in Porto-Novo is still tomorrow there, though 22:30 UTC.
    expect(callbackTimeProblem(new Date('2026-12-05T22:30:00Z'), now, alwaysOpen)).toBeNull();
  });

  it('is never in the past, beyond the current minute', () => {
    expect(callbackTimeProblem(new Date('2026-12-04T14:00:00Z'), now, alwaysOpen)).toBe('callback_time_past');
    expect(callbackTimeProblem(new Date('2026-12-04T14:59:30Z'), now, alwaysOpen)).toBeNull();
  });

  it('is not the day after tomorrow', () => {
    // Sunday 00:30 in Porto-Novo.
    expect(callbackTimeProblem(new Date('2026-12-05T23:30:00Z'), now, alwaysOpen)).toBe('callback_time_too_far');
  });

  it('falls while the queue is open, on its weekly hours and holidays', () => {
    expect(callbackTimeProblem(new Date('2026-12-04T16:30:00Z'), now, officeHours)).toBeNull();
    // Friday 19:00: closed.
    expect(callbackTimeProblem(new Date('2026-12-04T18:00:00Z'), now, officeHours)).toBe('callback_time_closed');
    // Saturday 10:00: open, unless it is a holiday.
    expect(callbackTimeProblem(new Date('2026-12-05T09:00:00Z'), now, officeHours)).toBeNull();
    expect(callbackTimeProblem(new Date('2026-12-05T09:00:00Z'), now, { ...officeHours, holidays: ['2026-12-05'] })).toBe('callback_time_closed');
  });
});
