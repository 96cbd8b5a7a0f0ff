import type { Logger } from '../logger.ts';
import { PASSING_LEASES } from './passingLeases.ts';
import type { Store } from '../store/types.ts';
import type { AnalyticsConfig } from '../analytics/analyticsConfig.ts';
import type { FlowRecord } from '../store/types.ts';
import { purgeExpired } from '../callers/purgeExpired.ts';
import { purgeAnalytics } from '../analytics/analyticsJob.ts';
import { every, everyAndOnTakeover, startLeasedJob, type LeasedJob } from './LeasedJob.ts';
import { nextCronTime, type ClusterConfig } from './clusterConfig.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';
import { takeScheduledBackup } from './scheduledBackup.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Events are read within a second by every live instance; these are long past. */
const EVENTS_KEPT_MS = 10 * MINUTE;

export interface ClusterJobsDeps {
  store: Store;
  logger: Logger;
  /** This instance, as lease holder. */
  holder: string;
  cluster: Pick<ClusterConfig, 'jobLeaseMs' | 'backup'>;
  /** GRIOT_DATA_KEY: a scheduled backup opens live sessions' sealed values with it, to mask them in open contacts' messages. */
  dataKeys?: DataKeyring | undefined;
  retentionDays: number;
  /** Closed agent contacts and finished callbacks (GRIOT_HANDOFF_RETENTION_DAYS); `retentionDays` when absent. */
  handoffRetentionDays?: number;
  analytics: Pick<AnalyticsConfig, 'rawRetentionDays' | 'retentionDays'>;
  purgeArchivedFlows: (now: Date) => Promise<FlowRecord[]>;
  /** Recorded takes a newer one replaced, unnamed past their grace (`removeSupersededTakes`); absent: not run. */
  removeSupersededTakes?: (now: Date) => Promise<Array<{ flowId: string; name: string }>>;
  /** Agents' replies stored but never taken by their channel, sent now (`resendAgentReplies`); absent: not run. */
  resendAgentReplies?: (now: Date) => Promise<{ sent: number; givenUp: number; deferred: number }>;
  /** The bot's turns after an agent handed back, not yet run or sent, done now (`HandoffService.resendBotTurns`); absent: not run. */
  resendBotTurns?: (now: Date) => Promise<{ sent: number; givenUp: number; deferred: number }>;
  /** Tells the inboxes of the callbacks whose promised time came since the last run (`HandoffService.announceDueCallbacks`); absent: not run. */
  announceDueCallbacks?: (since: Date, now: Date) => Promise<number>;
  /**
   * Closed agent contacts whose messages a stopped process left unmasked, masked now
   * (`HandoffService.maskLeftOver`), stopping between batches once `shouldGoOn` answers false; absent: not run.
   */
  maskClosedContacts?: (shouldGoOn: () => boolean) => Promise<number>;
  clock?: () => Date;
}

export interface ClusterJobs {
  jobs: LeasedJob[];
  stop(): Promise<void>;
}

/**
 * The timed jobs, each run by one instance of those sharing the store (a lease per job):
 * - `sessions`, every minute: expired sessions (what a quiet chat fetched goes with them), login
 *   sessions, throttle counters, continuations, and events every instance has read;
 * - `retention`, hourly and when an instance takes the lease (a restart applies a new retention at once): caller profiles and transcripts past GRIOT_RETENTION_DAYS,
 *   closed agent contacts with their messages and finished callbacks past GRIOT_HANDOFF_RETENTION_DAYS;
 * - `archive-purge`, hourly: flows archived past GRIOT_ARCHIVE_DAYS, with their prompts;
 * - `analytics-purge`, hourly: raw facts and counters past their retention;
 * - `audio-sweep`, hourly: recordings' stored bytes nothing names any more, deleted a few parts at a
 *   time (an upload a killed process cut short: SQLite's parts past `AUDIO_UPLOAD_GRACE_MS`, MongoDB's
 *   GridFS chunks past `AUDIO_ORPHAN_CHUNKS_GRACE_MS`; SQLite's parts a delete let go, left by a process killed mid-way), so a server
 *   that never restarts and gets no upload still cleans;
 * - `audio-takes`, hourly: recorded takes a newer take replaced, unnamed for a week (each file's
 *   "unnamed since" is kept in the store, so neither a restart nor a takeover resets the week);
 * - `agent-replies`, every 15 seconds and when an instance takes the lease (at start): agents'
 *   replies stored but never taken by their channel (a process died in between) are sent, once;
 * - `bot-turns`, every 5 seconds and when an instance takes the lease (at start): the bot's turns
 *   after an agent handed back, kept until their channel took them (a process died, a channel was
 *   down), are run (once) and sent;
 * - `callbacks-due`, every 10 seconds and when an instance takes the lease: the inboxes on every
 *   instance hear of the callbacks whose promised time came (a `callback` event);
 * - `handoff-masking`, every minute and when an instance takes the lease (at start): closed agent
 *   contacts whose messages were not masked (a process died between the close and the masking, or
 *   an older Griot closed them: migration 29), all of them, a batch at a time (a stop or a lost
 *   lease ends the run between two batches);
 * - `backup`, on GRIOT_BACKUP_CRON: a backup file in GRIOT_BACKUP_DIR, keeping GRIOT_BACKUP_KEEP.
 * Folding analytics facts into counters is not among them: every instance folds (safe: each fact
 * is folded once, under the store's own lock), starting with what it wrote itself.
 */
export function startClusterJobs(deps: ClusterJobsDeps): ClusterJobs {
  const { store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const common = { leases: store.leases, holder: deps.holder, logger, leaseMs: deps.cluster.jobLeaseMs, clock };
  const jobs: LeasedJob[] = [
    startLeasedJob({
      ...common,
      name: 'sessions',
      nextRun: every(MINUTE),
      retryMs: MINUTE,
      run: async (now) => {
        const sessions = await store.purgeExpiredSessions(now.toISOString());
        await store.events.purgeEvents(new Date(now.getTime() - EVENTS_KEPT_MS).toISOString());
        // Stopped instances' signs of life, turns answered again long ago, copies' ids: one row each, never reused.
        for (const prefix of PASSING_LEASES) await store.leases.purgeLeases(prefix, now.toISOString());
        if (sessions > 0) logger.debug({ event: 'retention.sessions', sessions }, 'purged expired sessions');
      },
    }),
    startLeasedJob({
      ...common,
      name: 'retention',
      nextRun: everyAndOnTakeover(HOUR),
      run: async (now) => {
        const counts = await purgeExpired(store, now, deps.retentionDays, deps.handoffRetentionDays);
        if (Object.values(counts).some((n) => n > 0)) logger.info({ event: 'retention.purge', ...counts }, 'purged expired data');
      },
    }),
    startLeasedJob({
      ...common,
      name: 'archive-purge',
      nextRun: everyAndOnTakeover(HOUR),
      run: async (now) => {
        const purged = await deps.purgeArchivedFlows(now);
        if (purged.length > 0) logger.info({ event: 'archive.purge', flows: purged.map((f) => f.id) }, 'purged archived flows');
      },
    }),
    startLeasedJob({
      ...common,
      name: 'analytics-purge',
      nextRun: everyAndOnTakeover(HOUR),
      run: async (now) => {
        const counts = await purgeAnalytics(store, now, deps.analytics);
        if (counts.facts + counts.counters > 0) logger.info({ event: 'analytics.purge', ...counts }, 'purged old analytics');
      },
    }),
    startLeasedJob({
      ...common,
      name: 'audio-sweep',
      nextRun: every(HOUR),
      run: async (now) => {
        const uploads = await store.audio.sweepAudioLeftovers(now);
        if (uploads > 0) logger.info({ event: 'audio.leftoversSwept', uploads }, 'deleted recordings’ bytes nothing names any more');
      },
    }),
  ];
  const removeTakes = deps.removeSupersededTakes;
  if (removeTakes) {
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'audio-takes',
        nextRun: every(HOUR),
        run: async (now) => {
          const removed = await removeTakes(now);
          if (removed.length > 0) logger.info({ event: 'audio.takesRemoved', files: removed.map((r) => `${r.flowId}/${r.name}`) }, 'removed superseded recorded takes');
        },
      }),
    );
  }
  const resendReplies = deps.resendAgentReplies;
  if (resendReplies) {
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'agent-replies',
        nextRun: everyAndOnTakeover(15_000),
        retryMs: 15_000,
        run: async (now) => {
          const counts = await resendReplies(now);
          if (counts.sent + counts.givenUp + counts.deferred > 0) logger.info({ event: 'handoff.repliesResent', ...counts }, 'agent replies that had not reached their channel');
        },
      }),
    );
  }
  const resendTurns = deps.resendBotTurns;
  if (resendTurns) {
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'bot-turns',
        nextRun: everyAndOnTakeover(5_000),
        retryMs: 5_000,
        run: async (now) => {
          const counts = await resendTurns(now);
          if (counts.sent + counts.givenUp + counts.deferred > 0) logger.info({ event: 'handoff.botTurnsResent', ...counts }, 'bot turns after a handoff that had not reached their channel');
        },
      }),
    );
  }
  const announceDue = deps.announceDueCallbacks;
  if (announceDue) {
    /** Up to when the callbacks due were told (by this instance; one taking the lease over looks a minute back). */
    let toldUntil: Date | undefined;
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'callbacks-due',
        nextRun: everyAndOnTakeover(10_000),
        retryMs: 10_000,
        run: async (now) => {
          const since = toldUntil && now.getTime() - toldUntil.getTime() < MINUTE ? toldUntil : new Date(now.getTime() - MINUTE);
          const told = await announceDue(since, now);
          toldUntil = now;
          if (told > 0) logger.debug({ event: 'handoff.callbacksDue', callbacks: told }, 'callbacks whose time came told to the inboxes');
        },
      }),
    );
  }
  const maskClosed = deps.maskClosedContacts;
  if (maskClosed) {
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'handoff-masking',
        nextRun: everyAndOnTakeover(MINUTE),
        retryMs: MINUTE,
        // Between batches, not past its lease or the instance's stop: the rest is the next run's (here or on the next holder).
        run: async (_now, stillHolding) => {
          const started = Date.now();
          const masked = await maskClosed(stillHolding);
          const ms = Date.now() - started;
          if (masked > 0) logger.info({ event: 'handoff.maskedLeftOver', contacts: masked, ms }, `masked the messages of ${masked} contact(s) closed before a stop or an upgrade in ${ms} ms`);
        },
      }),
    );
  }
  const backup = deps.cluster.backup;
  const cron = backup?.cron;
  // A backup directory without GRIOT_BACKUP_CRON: backups on demand only, nothing scheduled.
  if (backup && cron) {
    const schedule = { cron, timezone: backup.timezone };
    // What start-up says of the schedule: the operator sees at once when the first backup will be (or that the expression is not what they meant).
    const next = nextCronTime(schedule, new Date());
    logger.info(
      { event: 'backup.scheduled', cron: backup.cron, timezone: backup.timezone, next: next.toISOString() },
      `scheduled backups (${backup.cron}, ${backup.timezone}): the next is due at ${next.toISOString()} (on whichever instance holds the lease)`,
    );
    jobs.push(
      startLeasedJob({
        ...common,
        name: 'backup',
        // From the last backup taken anywhere: one missed while no instance held the lease is taken at once.
        nextRun: (lastRunAt, _now, since) => nextCronTime(schedule, lastRunAt ?? since),
        retryMs: 5 * MINUTE,
        run: async (now) => {
          const started = Date.now();
          const taken = await takeScheduledBackup(store, { ...backup, dataKeys: deps.dataKeys }, now);
          logger.info({ event: 'backup.written', file: taken.file, removed: taken.removed, ms: Date.now() - started }, 'scheduled backup written');
        },
      }),
    );
  }
  return {
    jobs,
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}
