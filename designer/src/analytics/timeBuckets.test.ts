import { describe, expect, it } from 'vitest';
import type { OutcomeCounts, SeriesPoint } from '@griot/flows';
import { bucketContainment, bucketSeries, bucketSize } from './timeBuckets.ts';

const outcomes = (o: Partial<OutcomeCounts>): OutcomeCounts => ({ contained: 0, transferred: 0, callback: 0, noAgent: 0, abandoned: 0, error: 0, unfinished: 0, ...o });
const point = (hour: string, contacts: number, o: Partial<OutcomeCounts>, returned = 0): SeriesPoint => ({ hour, contacts, outcomes: outcomes(o), returned });

describe('time buckets for charts', () => {
  it('fills every hour of the period, the empty ones at zero', () => {
    const period = { from: '2026-11-19T08:00:00.000Z', to: '2026-11-19T12:00:00.000Z' };
    const buckets = bucketSeries([point('2026-11-19T09:00:00.000Z', 4, { contained: 3, abandoned: 1 }, 1)], period, 'hour');
    expect(buckets.map((b) => [b.start.toISOString(), b.contacts])).toEqual([
      ['2026-11-19T08:00:00.000Z', 0],
      ['2026-11-19T09:00:00.000Z', 4],
      ['2026-11-19T10:00:00.000Z', 0],
      ['2026-11-19T11:00:00.000Z', 0],
    ]);
    expect(buckets[1]?.outcomes).toMatchObject({ contained: 3, abandoned: 1 });
    expect(bucketContainment(buckets[1]!)).toEqual({ raw: 0.75, corrected: 0.5 });
    expect(bucketContainment(buckets[0]!)).toEqual({ raw: null, corrected: null });
  });

  it('adds up the hours of each local day', () => {
    const from = new Date(2026, 10, 17, 15);
    const to = new Date(2026, 10, 19, 10);
    const hour = (d: number, h: number) => new Date(2026, 10, d, h).toISOString();
    const buckets = bucketSeries(
      [point(hour(17, 16), 2, { contained: 2 }), point(hour(18, 9), 1, {}), point(hour(18, 20), 3, { transferred: 3 })],
      { from: from.toISOString(), to: to.toISOString() },
      'day',
    );
    expect(buckets.map((b) => [b.start.getDate(), b.contacts, b.outcomes.transferred])).toEqual([
      [17, 2, 0],
      [18, 4, 3],
      [19, 0, 0],
    ]);
  });

  it('chooses hours for short periods and days for long ones', () => {
    expect(bucketSize({ from: '2026-11-12T00:00:00Z', to: '2026-11-19T00:00:00Z' }, 168)).toBe('hour');
    expect(bucketSize({ from: '2026-10-20T00:00:00Z', to: '2026-11-19T00:00:00Z' }, 168)).toBe('day');
  });
});
