import { describe, expect, it } from 'vitest';
import type { QueueSettings } from '@griot/flows';
import { bodyOf, defaultSettings, draftOf, leaveAlwaysOpen, problemAt } from './queueSettingsDraft.ts';

const saved: QueueSettings = {
  queue: 'support-fr',
  callbackAfterSeconds: 330,
  timezone: 'Africa/Porto-Novo',
  weeklyHours: {
    mon: [
      { open: '08:00', close: '12:00' },
      { open: '14:00', close: '18:00' },
    ],
    tue: [],
    wed: [],
    thu: [],
    fri: [],
    sat: [],
    sun: [{ open: '20:00', close: '24:00' }],
  },
  holidays: ['2026-12-25', '2026-08-01'],
  whenClosed: 'callback',
  updatedAt: '2026-11-20T10:00:00.000Z',
  updatedBy: 'sena',
};

describe('a queue’s settings in the supervisor’s form', () => {
  it('shows saved settings and sends them back unchanged (midnight reads 00:00 in the form, 24:00 for the API)', () => {
    const draft = draftOf(saved);
    expect([draft.minutes, draft.seconds, draft.alwaysOpen, draft.days.sun, draft.holidays]).toEqual(['5', '30', false, [{ open: '20:00', close: '00:00' }], ['2026-08-01', '2026-12-25']]);
    expect(bodyOf(draft, saved)).toEqual({
      body: { callbackAfterSeconds: 330, timezone: 'Africa/Porto-Novo', weeklyHours: saved.weeklyHours, holidays: ['2026-08-01', '2026-12-25'], whenClosed: 'callback' },
    });
  });

  it('sends the display name typed, trimmed, and an emptied one to take it away', () => {
    const named = bodyOf({ ...draftOf(saved), displayName: ' Assistance ' }, saved);
    expect('body' in named && named.body.displayName).toBe('Assistance');
    const withName = { ...saved, displayName: 'Assistance' };
    expect(draftOf(withName).displayName).toBe('Assistance');
    const emptied = bodyOf({ ...draftOf(withName), displayName: '' }, withName);
    expect('body' in emptied && emptied.body.displayName).toBe('');
    expect(problemAt('displayName')).toEqual({ field: 'displayName' });
  });

  it('starts from working days when the queue leaves "always open", and keeps hours already there', () => {
    const draft = leaveAlwaysOpen(draftOf(defaultSettings('ventes', [])));
    expect(draft.days.fri).toEqual([{ open: '08:00', close: '18:00' }]);
    expect(draft.days.sat).toEqual([]);
    const again = leaveAlwaysOpen({ ...draftOf(saved), alwaysOpen: true });
    expect(again.days.mon).toHaveLength(2);
    expect(again.days.tue).toEqual([]);
  });

  it('finds a period that closes before it opens, and a threshold that is not a whole number, before the API', () => {
    const draft = draftOf(saved);
    expect(bodyOf({ ...draft, days: { ...draft.days, mon: [{ open: '08:00', close: '07:00' }] } }, saved)).toEqual({
      problem: { field: 'weeklyHours', day: 'mon', index: 0, which: 'close', rule: 'badInterval' },
    });
    expect(bodyOf({ ...draft, minutes: '1.5' }, saved)).toEqual({ problem: { field: 'callbackAfterSeconds', rule: 'badThreshold' } });
    expect(bodyOf({ ...draft, minutes: '', seconds: '' }, saved)).toEqual({ problem: { field: 'callbackAfterSeconds', rule: 'badThreshold' } });
  });

  it('leaves out what happens when closed for a queue that never chose, unless a callback is chosen', () => {
    const defaults = defaultSettings('ventes', []);
    expect(bodyOf(draftOf(defaults), defaults)).toEqual({ body: { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] } });
    expect(bodyOf({ ...draftOf(defaults), whenClosed: 'callback' }, defaults)).toMatchObject({ body: { whenClosed: 'callback' } });
  });

  it('reads where the API’s 400 points', () => {
    expect(problemAt('timezone')).toEqual({ field: 'timezone' });
    expect(problemAt('weeklyHours.tue.1.open')).toEqual({ field: 'weeklyHours', day: 'tue', index: 1, which: 'open' });
    expect(problemAt('other')).toBeNull();
  });
});
