import { describe, expect, it } from 'vitest';
import { sentAtIso } from './sentAtIso.ts';

describe('sentAtIso', () => {
  const arrived = Date.parse('2026-12-06T08:00:00.000Z');

  it('keeps the platform’s time, a little ahead of ours included', () => {
    expect(sentAtIso(arrived - 5000, arrived)).toBe('2026-12-06T07:59:55.000Z');
    expect(sentAtIso(arrived + 60_000, arrived)).toBe('2026-12-06T08:01:00.000Z');
  });

  it('takes the arrival for a time no date holds, days ahead or before 1970, rather than throwing', () => {
    for (const wild of [9e15, Number.NaN, Number.POSITIVE_INFINITY, Date.parse('2100-01-01T00:00:00Z'), -1]) {
      expect(sentAtIso(wild, arrived)).toBe('2026-12-06T08:00:00.000Z');
    }
  });
});
