import type { AnalyticsPeriod, OutcomeCounts, SeriesPoint } from '@griot/flows';
import { OUTCOMES } from './outcomeColors.ts';

export type BucketSize = 'hour' | 'day';

/** Contacts over one hour or one local day; empty hours and days are there too, at zero. */
export interface Bucket {
  start: Date;
  contacts: number;
  outcomes: OutcomeCounts;
  returned: number;
}

const HOUR_MS = 3_600_000;
const zero = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

/** Hours when the period has at most `maxHours` of them, else days. */
export function bucketSize(period: AnalyticsPeriod, maxHours: number): BucketSize {
  return (Date.parse(period.to) - Date.parse(period.from)) / HOUR_MS <= maxHours ? 'hour' : 'day';
}

const dayOf = (t: number) => {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
};

/**
 * The series (hours with contacts only, UTC) laid over every hour or every local day of the
 * period, for a chart whose time axis has no holes.
 */
export function bucketSeries(series: readonly SeriesPoint[], period: AnalyticsPeriod, size: BucketSize): Bucket[] {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const buckets: Bucket[] = [];
  const index = new Map<number, Bucket>();
  for (let start = size === 'hour' ? new Date(from) : dayOf(from); start.getTime() < to; ) {
    const bucket = { start, contacts: 0, outcomes: zero(), returned: 0 };
    buckets.push(bucket);
    index.set(start.getTime(), bucket);
    // Days by the calendar, so that a change of summer time makes no 23- or 25-hour hole.
    start = size === 'hour' ? new Date(start.getTime() + HOUR_MS) : new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  }
  for (const point of series) {
    const t = Date.parse(point.hour);
    const bucket = index.get(size === 'hour' ? t : dayOf(t).getTime());
    if (!bucket) continue;
    bucket.contacts += point.contacts;
    bucket.returned += point.returned ?? 0;
    for (const o of OUTCOMES) bucket.outcomes[o] += point.outcomes[o] ?? 0;
  }
  return buckets;
}

/** Contained ÷ contacts, and the same less the callers who came back; null without contacts. */
export function bucketContainment(bucket: Bucket): { raw: number | null; corrected: number | null } {
  if (bucket.contacts === 0) return { raw: null, corrected: null };
  return { raw: bucket.outcomes.contained / bucket.contacts, corrected: Math.max(0, bucket.outcomes.contained - bucket.returned) / bucket.contacts };
}
