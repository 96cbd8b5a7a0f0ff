import { z } from 'zod';

const Flag = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'must be 1 or 0' }))
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment variables of analytics and metrics; spread into config.ts's schema. */
export const analyticsEnv = {
  /** Record facts from every contact (on unless `0`): the benchmark measures with and without. */
  GRIOT_ANALYTICS: Flag.default(true),
  /** How long counters by hour and day are kept. */
  GRIOT_ANALYTICS_RETENTION_DAYS: whole(1, 36500).default(400),
  /** How long raw facts are kept (they are counted long before). */
  GRIOT_ANALYTICS_RAW_RETENTION_DAYS: whole(1, 3650).default(30),
  /** A contained contact whose caller comes back within this many hours (any channel) was not contained. */
  GRIOT_CONTAINMENT_WINDOW_HOURS: whole(1, 24 * 30).default(24),
  /** Service level: answered within this many seconds, unless a request names another threshold. */
  GRIOT_SERVICE_LEVEL_SECONDS: whole(0, 3600).default(20),
  /** How often recorded facts are folded into counters (SQLite); queries fold what is left first. */
  GRIOT_ANALYTICS_ROLLUP_SECONDS: whole(1, 3600).default(10),
};
type AnalyticsEnv = z.output<z.ZodObject<typeof analyticsEnv>>;

export interface AnalyticsConfig {
  enabled: boolean;
  retentionDays: number;
  rawRetentionDays: number;
  containmentWindowHours: number;
  serviceLevelSeconds: number;
  rollUpSeconds: number;
  /** GRIOT_ANALYTICS_KEY: the key callers' numbers are hashed with; unset, one is generated and kept in the store. */
  key?: string;
}

export type AnalyticsSecrets = { ok: true; key?: string; metricsToken?: string } | { ok: false; variable: string; message: string };

/**
 * GRIOT_ANALYTICS_KEY and GRIOT_METRICS_TOKEN, read apart from the schema: its errors quote the
 * value, and these are secrets. Both at least 24 characters: a short key makes numbers guessable
 * from their hashes, a short token guessable.
 */
export function analyticsSecrets(present: Record<string, string | undefined>): AnalyticsSecrets {
  const key = present.GRIOT_ANALYTICS_KEY?.trim();
  const metricsToken = present.GRIOT_METRICS_TOKEN?.trim();
  if (key !== undefined && key.length < 24) return { ok: false, variable: 'GRIOT_ANALYTICS_KEY', message: 'must be at least 24 characters (e.g. $(openssl rand -base64 32))' };
  if (metricsToken !== undefined && metricsToken.length < 24) return { ok: false, variable: 'GRIOT_METRICS_TOKEN', message: 'must be at least 24 characters (e.g. $(openssl rand -hex 24))' };
  return { ok: true, ...(key ? { key } : {}), ...(metricsToken ? { metricsToken } : {}) };
}

export function analyticsConfig(e: AnalyticsEnv, key: string | undefined): AnalyticsConfig {
  return {
    enabled: e.GRIOT_ANALYTICS,
    retentionDays: e.GRIOT_ANALYTICS_RETENTION_DAYS,
    rawRetentionDays: e.GRIOT_ANALYTICS_RAW_RETENTION_DAYS,
    containmentWindowHours: e.GRIOT_CONTAINMENT_WINDOW_HOURS,
    serviceLevelSeconds: e.GRIOT_SERVICE_LEVEL_SECONDS,
    rollUpSeconds: e.GRIOT_ANALYTICS_ROLLUP_SECONDS,
    ...(key ? { key } : {}),
  };
}
