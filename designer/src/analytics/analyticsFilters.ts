import type { Channel, Traffic } from '@griot/flows';

export const PERIODS = ['today', '24h', '7d', '30d', '90d'] as const;
export type PeriodChoice = (typeof PERIODS)[number];
export const ENVIRONMENTS = ['production', 'staging', 'draft', 'version'] as const;
export type EnvironmentFilter = (typeof ENVIRONMENTS)[number];
export const TRAFFICS: readonly Traffic[] = ['live', 'test', 'preview'];

/** What the editor asks the figures for: null is "all". */
export interface AnalyticsFilters {
  period: PeriodChoice;
  environment: EnvironmentFilter | null;
  version: number | 'draft' | null;
  channel: Channel | null;
  locale: string | null;
  /** Never empty: callers on production by default, tests and previews only when asked. */
  traffic: Traffic[];
}

export const DEFAULT_FILTERS: AnalyticsFilters = { period: '7d', environment: null, version: null, channel: null, locale: null, traffic: ['live'] };

const HOUR_MS = 3_600_000;
const BACK_HOURS: Record<Exclude<PeriodChoice, 'today'>, number> = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24, '90d': 90 * 24 };

/** Midnight of `now`'s day where the browser is: the start of "today" for the people reading the figures. */
export function localMidnight(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** The start of the period, up to now (the server rounds it down to the hour). */
export function periodStart(period: PeriodChoice, now: Date): Date {
  return period === 'today' ? localMidnight(now) : new Date(now.getTime() - BACK_HOURS[period] * HOUR_MS);
}

/**
 * The query string of `GET /api/flows/{id}/analytics` for these filters at `now`; no `to`: the
 * period runs to now. Traffic is listed in a fixed order so that equal filters give equal queries.
 */
export function analyticsQuery(filters: AnalyticsFilters, now: Date): URLSearchParams {
  const query = new URLSearchParams({ from: periodStart(filters.period, now).toISOString() });
  if (filters.environment) query.set('environment', filters.environment);
  if (filters.version !== null) query.set('version', String(filters.version));
  if (filters.channel) query.set('channel', filters.channel);
  if (filters.locale) query.set('locale', filters.locale);
  query.set('traffic', TRAFFICS.filter((t) => filters.traffic.includes(t)).join(','));
  return query;
}

/** Tells two filter sets apart (the report on screen answers one). */
export function filtersKey(flowId: string, filters: AnalyticsFilters): string {
  return JSON.stringify([flowId, filters.period, filters.environment, filters.version, filters.channel, filters.locale, TRAFFICS.filter((t) => filters.traffic.includes(t))]);
}

/** The period's end as shown: the server rounds it up to the hour, but figures run to when they were read, never into the future. */
export function periodEndShown(to: string, readAt: number | null | undefined): Date {
  const end = Date.parse(to);
  return new Date(readAt !== null && readAt !== undefined && readAt < end ? readAt : end);
}
