import { describe, expect, it } from 'vitest';
import { isoTime } from './isoTime.ts';

describe('an instant as ISO text', () => {
  it('is what toISOString writes, on any day and in any order, and an invalid date still throws', () => {
    const base = Date.UTC(2026, 11, 6, 1, 50);
    const offsets = [0, 0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 60_000, 3_599_999, 30 * 60_000, -1, 0];
    const days = [
      base,
      Date.UTC(2026, 11, 6),
      Date.UTC(2026, 11, 6) - 1,
      Date.UTC(2028, 1, 29, 23, 59, 59, 999),
      0,
      -1,
      -86_400_001,
      Date.UTC(1969, 6, 20, 20, 17),
      8.64e15,
      -8.64e15,
      Date.UTC(10_000, 0, 1),
      Date.UTC(-1, 0, 1, 12),
    ];
    for (const day of days) {
      for (const offset of offsets) {
        const date = new Date(day + offset);
        if (Number.isNaN(date.getTime())) continue;
        expect(isoTime(date)).toBe(date.toISOString());
        expect(isoTime(date)).toBe(date.toISOString());
      }
    }
    for (let ms = base - 5 * 86_400_000; ms < base + 5 * 86_400_000; ms += 7_777_777) expect(isoTime(new Date(ms))).toBe(new Date(ms).toISOString());
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(isoTime(new Date(base))).toBe(new Date(base).toISOString());
  });
});
