import type { Logger } from '../logger.ts';
import type { LeaseStore } from '../store/types.ts';

export interface LeasedJobOptions {
  /** The lease's name: one instance at a time runs a job of this name. */
  name: string;
  leases: LeaseStore;
  /** This instance, as lease holder. */
  holder: string;
  logger: Logger;
  /**
   * When the job is next due, from when it last ran on any instance (null: never), or, for a job
   * that never ran, from when this instance took the lease (`since`).
   */
  nextRun: (lastRunAt: Date | null, now: Date, since: Date) => Date;
  /**
   * The job. Throws to be tried again after `retryMs`. It must be idempotent: the lease makes two
   * instances running it at once rare, not impossible (a holder paused past its lease, a store
   * that answered late), and a run cut short is run again whole. A long job asks `stillHolding()`
   * between its steps and stops when it answers false (another instance may be running it).
   */
  run: (now: Date, stillHolding: () => boolean) => Promise<unknown>;
  /** How long the lease holds without renewal: after a crash, another instance takes over then (default 30 s). */
  leaseMs?: number;
  /** How often the lease is renewed (or, by the others, asked for) and the job's time checked (default a third of leaseMs). */
  tickMs?: number;
  /** After a failed run, the holder tries again this much later (default 5 minutes), unless the job is due again sooner. */
  retryMs?: number;
  clock?: () => Date;
}

export interface LeasedJob {
  readonly name: string;
  /** Whether this instance held the lease at its last tick. */
  holding(): boolean;
  /** One tick now: renew or ask for the lease, run the job when due (tests; the timer does the same). */
  tick(): Promise<void>;
  /** Stops ticking, waits for a run under way, and lets the lease go so another instance takes over at its next tick. */
  stop(): Promise<void>;
}

/**
 * A timed job that runs on one instance of those sharing a store: every instance asks for the
 * job's lease each tick; the one that holds it renews it and runs the job when due, and writes
 * down when it ran (in the lease), so an instance taking over after a crash or a deploy goes on
 * from there instead of running it again at once. A holder that dies stops renewing; another
 * takes over within `leaseMs` plus a tick. Ticks do not keep the process alive.
 */
export function startLeasedJob(options: LeasedJobOptions): LeasedJob {
  const leaseMs = options.leaseMs ?? 30_000;
  const tickMs = options.tickMs ?? Math.max(50, Math.floor(leaseMs / 3));
  const retryMs = options.retryMs ?? 5 * 60_000;
  const clock = options.clock ?? (() => new Date());
  const log = options.logger.child({ job: options.name });
  let held = false;
  /** When the lease last renewed runs out (ms): the job runs only before then. */
  let heldUntil = 0;
  let heldSince = clock();
  let running: Promise<void> | undefined;
  let ticking: Promise<void> | undefined;
  let retryAt = 0;
  let stopped = false;

  const stillHolding = () => held && !stopped && clock().getTime() < heldUntil;

  const runJob = async (now: Date): Promise<void> => {
    try {
      // The store may have answered the lease after it ran out (a slow store, a paused process):
      // then another instance may hold it already, and the job waits for the next tick.
      if (!stillHolding()) {
        log.warn({ event: 'job.leaseLost' }, 'the lease ran out before the job could start; not run');
        return;
      }
      await options.run(now, stillHolding);
      if (!(await options.leases.markLeaseRun(options.name, options.holder, now.toISOString()))) {
        log.warn({ event: 'job.leaseLost' }, 'the job ran, but its lease passed to another instance meanwhile');
      }
      retryAt = 0;
    } catch (error) {
      retryAt = clock().getTime() + retryMs;
      log.error({ event: 'job.failed', err: { message: (error as Error).message }, retryInMs: retryMs }, 'a timed job failed');
    }
  };

  const tick = (): Promise<void> =>
    (ticking ??= (async () => {
      try {
        if (stopped) return;
        const now = clock();
        const lease = await options.leases.acquireLease(options.name, options.holder, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString());
        if (Boolean(lease) !== held) {
          log.info({ event: lease ? 'job.leaseTaken' : 'job.leaseLost' }, lease ? 'this instance runs the job' : 'another instance runs the job');
          if (lease) heldSince = now;
        }
        held = Boolean(lease);
        heldUntil = lease ? now.getTime() + leaseMs : 0;
        if (!lease || running || stopped) return;
        const due = options.nextRun(lease.lastRunAt ? new Date(lease.lastRunAt) : null, now, heldSince).getTime();
        // After a failure, not before its retry time (it stays due: when it last ran did not change).
        if (due > now.getTime() || retryAt > now.getTime()) return;
        running = runJob(now).finally(() => {
          running = undefined;
        });
      } catch (error) {
        // The store is unreachable: nobody can renew; the next tick asks again.
        held = false;
        heldUntil = 0;
        log.error({ event: 'job.leaseFailed', err: { message: (error as Error).message } }, 'asking for a job lease failed');
      } finally {
        ticking = undefined;
      }
    })());

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  void tick();
  return {
    name: options.name,
    holding: () => held,
    tick: async () => {
      await tick();
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await running;
      if (held) await options.leases.releaseLease(options.name, options.holder).catch(() => false);
      held = false;
    },
  };
}

/** Every `intervalMs`, from the last run; at once when it never ran. */
export const every =
  (intervalMs: number) =>
  (lastRunAt: Date | null, now: Date): Date =>
    lastRunAt ? new Date(lastRunAt.getTime() + intervalMs) : now;

/**
 * Every `intervalMs`, and once at once whenever this instance takes the lease (at its start, or
 * from an instance that stopped or died): for idempotent purges, so that a restart applies a
 * shortened retention at once, as a single instance always did.
 */
export const everyAndOnTakeover =
  (intervalMs: number) =>
  (lastRunAt: Date | null, now: Date, since: Date): Date =>
    lastRunAt && lastRunAt.getTime() >= since.getTime() ? new Date(lastRunAt.getTime() + intervalMs) : now;
