import { describe, expect, it } from 'vitest';
import type { HandoffContact } from '@griot/flows';
import { formatWait, queueFigures, totalWaitSeconds, waitSeconds, waitWithUnits } from './queueFigures.ts';

const contact = (extra: Partial<HandoffContact>): HandoffContact =>
  ({ id: 'c', queue: 'support-en', priority: 999, enqueuedAt: '2026-12-05T10:10:00.000Z', status: 'waiting', ...extra }) as HandoffContact;
const now = Date.parse('2026-12-05T10:15:00.000Z');

describe('a transferred contact’s waits', () => {
  it('counts the wait in its queue from the transfer, and the total from when the subscriber asked', () => {
    const moved = contact({ firstEnqueuedAt: '2026-12-05T09:55:00.000Z' });
    expect(formatWait(waitSeconds(moved, now))).toBe('5:00');
    expect(formatWait(totalWaitSeconds(moved, now))).toBe('20:00');
  });

  it('has one wait when never transferred', () => {
    expect(totalWaitSeconds(contact({}), now)).toBe(waitSeconds(contact({}), now));
  });

  it('stops both when an agent takes it', () => {
    const taken = contact({ firstEnqueuedAt: '2026-12-05T09:55:00.000Z', status: 'assigned', assignedAt: '2026-12-05T10:12:00.000Z' });
    expect(formatWait(waitSeconds(taken, now))).toBe('2:00');
    expect(formatWait(totalWaitSeconds(taken, now))).toBe('17:00');
  });
});

describe('the supervisor’s figures', () => {
  it('leave out a tester’s simulator handoff left waiting: no subscriber waits that long', () => {
    const subscriber = contact({ id: 'live', enqueuedAt: '2026-12-05T10:14:00.000Z', preview: false });
    const simulator = contact({ id: 'sim', enqueuedAt: '2026-12-05T09:15:00.000Z', preview: true });
    const figures = queueFigures([simulator, subscriber], [], 'support-en', now);
    expect([figures.waiting, formatWait(figures.longestWaitSeconds)]).toEqual([1, '1:00']);
  });
});

describe('a wait on the wallboard', () => {
  it('says its units: fifteen seconds is not read as a quarter of an hour', () => {
    expect(waitWithUnits(15.7)).toBe('15 s');
    expect(waitWithUnits(0)).toBe('0 s');
    expect(waitWithUnits(125)).toBe('2 min 05 s');
    expect(waitWithUnits(3600 + 2 * 60 + 59)).toBe('1 h 02 min');
    expect(waitWithUnits(-3)).toBe('0 s');
  });
});
