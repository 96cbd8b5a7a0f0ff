import { describe, expect, it } from 'vitest';
import { limitDuration, secondsSince, stateDuration } from './stateDuration.ts';

describe('time in a state, as supervisors read it', () => {
  it('writes minutes, then hours and minutes', () => {
    expect(stateDuration(59)).toBe('< 1 min');
    expect(stateDuration(12 * 60 + 59)).toBe('12 min');
    expect(stateDuration(65 * 60)).toBe('1 h 05');
    expect(limitDuration(120)).toBe('2 h 00');
  });

  it('counts from the instant on the server’s clock, never below zero', () => {
    const now = Date.parse('2026-12-06T10:00:00.000Z');
    expect(secondsSince('2026-12-06T09:48:00.000Z', now)).toBe(720);
    expect(secondsSince('2026-12-06T10:00:05.000Z', now)).toBe(0);
    expect(secondsSince(undefined, now)).toBe(0);
  });
});
