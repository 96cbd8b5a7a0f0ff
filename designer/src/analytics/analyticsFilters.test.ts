import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, analyticsQuery, filtersKey, localMidnight, periodStart, periodEndShown } from './analyticsFilters.ts';

const now = new Date(2026, 10, 19, 14, 37, 12);

describe('analytics filters', () => {
  it('asks for the last 7 days of live traffic by default, up to now', () => {
    const query = analyticsQuery(DEFAULT_FILTERS, now);
    expect(Object.fromEntries(query)).toEqual({ from: new Date(now.getTime() - 7 * 24 * 3_600_000).toISOString(), traffic: 'live' });
  });

  it('starts "today" at local midnight, whatever the time zone', () => {
    expect(localMidnight(now)).toEqual(new Date(2026, 10, 19, 0, 0, 0));
    expect(periodStart('today', now).getHours()).toBe(0);
    expect(periodStart('24h', now).getTime()).toBe(now.getTime() - 24 * 3_600_000);
  });

  it('sends every filter chosen, with the draft as a version, and traffic in one order', () => {
    const query = analyticsQuery({ period: '30d', environment: 'staging', version: 'draft', channel: 'whatsapp', locale: 'fon', traffic: ['preview', 'live'] }, now);
    expect(query.get('environment')).toBe('staging');
    expect(query.get('version')).toBe('draft');
    expect(query.get('channel')).toBe('whatsapp');
    expect(query.get('locale')).toBe('fon');
    expect(query.get('traffic')).toBe('live,preview');
    expect(analyticsQuery({ ...DEFAULT_FILTERS, version: 3 }, now).get('version')).toBe('3');
  });

  it('gives the same key to the same filters whatever the order traffic was ticked in', () => {
    expect(filtersKey('f', { ...DEFAULT_FILTERS, traffic: ['test', 'live'] })).toBe(filtersKey('f', { ...DEFAULT_FILTERS, traffic: ['live', 'test'] }));
    expect(filtersKey('f', DEFAULT_FILTERS)).not.toBe(filtersKey('g', DEFAULT_FILTERS));
    expect(filtersKey('f', DEFAULT_FILTERS)).not.toBe(filtersKey('f', { ...DEFAULT_FILTERS, channel: 'voice' }));
  });
});

describe('the period the dashboard says it covers', () => {
  it('ends when the figures were read, not at the hour the server rounded up to', () => {
    const readAt = new Date('2026-12-05T10:15:00Z').getTime();
    expect(periodEndShown('2026-12-05T11:00:00.000Z', readAt).toISOString()).toBe('2026-12-05T10:15:00.000Z');
    // A period chosen in the past ends where it ends.
    expect(periodEndShown('2026-12-04T00:00:00.000Z', readAt).toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });
});
