import { z } from 'zod';
import { createRequire } from 'node:module';
import type * as CronParser from 'cron-parser';

// cron-parser brings luxon (hundreds of kB of code): loaded only when a backup schedule is configured.
const require = createRequire(import.meta.url);
let cronParser: typeof CronParser.CronExpressionParser | undefined;
const cron = () => (cronParser ??= (require('cron-parser') as typeof CronParser).CronExpressionParser);

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment variables of several instances on one store; spread into config.ts's schema. */
export const clusterEnv = {
  /** How often each instance reads the others' events from the store (agent inbox, binding changes). */
  GRIOT_EVENTS_POLL_MS: whole(50, 5000).default(250),
  /** How long a timed job's lease holds without renewal: another instance takes the job over after that. */
  GRIOT_JOB_LEASE_SECONDS: whole(3, 600).default(30),
  /** On SIGTERM, how long /readyz answers 503 while Griot still serves, before it stops accepting (default 10 in production, else 0). */
  GRIOT_DRAIN_SECONDS: whole(0, 600).optional(),
  /** The most agent live-update streams (one socket each) an instance serves at once: more get 429. */
  GRIOT_AGENT_STREAMS_MAX: whole(1, 100_000).default(500),
  /** Scheduled backups: a cron expression (5 fields, or 6 with seconds), in GRIOT_TIMEZONE. */
  GRIOT_BACKUP_CRON: z.string().trim().min(1).optional(),
  /** Where backups are written (created when missing). Required with GRIOT_BACKUP_CRON; alone, backups are taken on demand only. */
  GRIOT_BACKUP_DIR: z.string().trim().min(1).optional(),
  /** How many scheduled backups are kept in GRIOT_BACKUP_DIR (the oldest beyond are removed). */
  GRIOT_BACKUP_KEEP: whole(1, 100_000).default(14),
};
type ClusterEnv = z.output<z.ZodObject<typeof clusterEnv>>;

export interface BackupSchedule {
  /** Absent: no schedule, backups are taken on demand only (the admin screen, `griot backup`). */
  cron?: string | undefined;
  dir: string;
  keep: number;
  /** The IANA zone the cron expression is read in. */
  timezone: string;
}

export interface ClusterConfig {
  eventsPollMs: number;
  jobLeaseMs: number;
  drainMs: number;
  /** The most agent live-update streams this instance serves at once. */
  agentStreamsMax: number;
  /** Backups, when GRIOT_BACKUP_DIR is set (scheduled with GRIOT_BACKUP_CRON). */
  backup?: BackupSchedule;
}

export type ClusterConfigResult = { ok: true; config: ClusterConfig } | { ok: false; variable: string; message: string };

/** Reads the cluster settings; a cron expression that does not parse, or a schedule without a directory, names its variable (a directory without a schedule is backups on demand). */
export function clusterConfig(e: ClusterEnv, options: { production: boolean; timezone: string }): ClusterConfigResult {
  const base = {
    eventsPollMs: e.GRIOT_EVENTS_POLL_MS,
    jobLeaseMs: e.GRIOT_JOB_LEASE_SECONDS * 1000,
    drainMs: (e.GRIOT_DRAIN_SECONDS ?? (options.production ? 10 : 0)) * 1000,
    agentStreamsMax: e.GRIOT_AGENT_STREAMS_MAX,
  };
  if (!e.GRIOT_BACKUP_CRON) {
    // A directory alone: backups on demand only (an admin's "back up now", `griot backup`), no schedule.
    if (e.GRIOT_BACKUP_DIR) return { ok: true, config: { ...base, backup: { dir: e.GRIOT_BACKUP_DIR, keep: e.GRIOT_BACKUP_KEEP, timezone: options.timezone } } };
    return { ok: true, config: base };
  }
  // cron-parser reads 4 fields as if the day of the week were left out: the docs promise a wrong expression stops start-up.
  const fields = e.GRIOT_BACKUP_CRON.split(/\s+/).length;
  if (!e.GRIOT_BACKUP_CRON.startsWith('@') && fields !== 5 && fields !== 6)
    return {
      ok: false,
      variable: 'GRIOT_BACKUP_CRON',
      message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, this one has ${fields}; e.g. "0 3 * * *" for 03:00 every day`,
    };
  try {
    cron().parse(e.GRIOT_BACKUP_CRON, { tz: options.timezone, strict: false }).next();
  } catch (error) {
    return { ok: false, variable: 'GRIOT_BACKUP_CRON', message: `not a cron expression (${(error as Error).message}); e.g. "0 3 * * *" for 03:00 every day` };
  }
  if (!e.GRIOT_BACKUP_DIR) return { ok: false, variable: 'GRIOT_BACKUP_DIR', message: 'scheduled backups need a directory to be written to (preferably on another disk than the database)' };
  return { ok: true, config: { ...base, backup: { cron: e.GRIOT_BACKUP_CRON, dir: e.GRIOT_BACKUP_DIR, keep: e.GRIOT_BACKUP_KEEP, timezone: options.timezone } } };
}

/** The next time a cron schedule fires after `after`. */
export function nextCronTime(schedule: { cron: string; timezone: string }, after: Date): Date {
  return cron().parse(schedule.cron, { currentDate: after, tz: schedule.timezone, strict: false }).next().toDate();
}
