import { describe, expect, it } from 'vitest';
import { isOpenAt, localTime } from './businessHours.ts';

const porto = { timezone: 'Africa/Porto-Novo', weeklyHours: { mon: [{ open: '08:00', close: '18:00' }], sat: [{ open: '09:00', close: '12:00' }] }, holidays: ['2026-08-03'] };

describe('business hours', () => {
  it('reads the time in the queue’s zone (Porto-Novo is UTC+1)', () => {
    expect(localTime(new Date('2026-03-02T07:30:00Z'), 'Africa/Porto-Novo')).toEqual({ day: '2026-03-02', weekday: 'mon', time: '08:30' });
  });

  it('is open inside the day’s hours and closed outside, on other days and on holidays', () => {
    expect(isOpenAt(porto, new Date('2026-03-02T07:30:00Z'))).toBe(true); // Monday 08:30
    expect(isOpenAt(porto, new Date('2026-03-02T06:59:00Z'))).toBe(false); // Monday 07:59
    expect(isOpenAt(porto, new Date('2026-03-02T17:00:00Z'))).toBe(false); // Monday 18:00, closing time
    expect(isOpenAt(porto, new Date('2026-03-03T10:00:00Z'))).toBe(false); // Tuesday: no hours
    expect(isOpenAt(porto, new Date('2026-03-07T10:00:00Z'))).toBe(true); // Saturday 11:00
    expect(isOpenAt(porto, new Date('2026-08-03T10:00:00Z'))).toBe(false); // a Monday, but a holiday
  });

  it('is always open without weekly hours, except on holidays', () => {
    const always = { timezone: 'Africa/Abidjan', weeklyHours: {}, holidays: ['2026-12-25'] };
    expect(isOpenAt(always, new Date('2026-03-01T03:00:00Z'))).toBe(true);
    expect(isOpenAt(always, new Date('2026-12-25T12:00:00Z'))).toBe(false);
  });
});
