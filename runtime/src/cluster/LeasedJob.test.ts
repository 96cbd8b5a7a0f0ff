import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs, movableClock } from '../conversations/testSupport.ts';
import { every, everyAndOnTakeover, startLeasedJob, type LeasedJob, type LeasedJobOptions } from './LeasedJob.ts';
import { nextCronTime } from './clusterConfig.ts';

const HOUR = 3_600_000;
const stores: SqliteStore[] = [];
const jobs: LeasedJob[] = [];
afterEach(async () => {
  await Promise.all(jobs.splice(0).map((j) => j.stop()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** Two instances' copies of one job on one store, ticked by hand (their timers never fire in a test). */
function twoInstances(options: Partial<LeasedJobOptions> & Pick<LeasedJobOptions, 'nextRun'>) {
  const store = new SqliteStore(':memory:');
  stores.push(store);
  const clock = movableClock();
  const runs: Array<{ holder: string; at: string }> = [];
  const make = (holder: string) => {
    const job = startLeasedJob({
      name: 'retention',
      leases: store.leases,
      holder,
      logger: captureLogs().logger,
      leaseMs: 30_000,
      tickMs: 24 * HOUR,
      clock: clock.now,
      run: async (now) => void runs.push({ holder, at: now.toISOString() }),
      ...options,
    });
    jobs.push(job);
    return job;
  };
  return { store, clock, runs, a: make('a'), b: make('b') };
}

describe('a timed job on several instances', () => {
  it('runs on one instance once per period, whichever instances tick', async () => {
    const { clock, runs, a, b } = twoInstances({ nextRun: every(HOUR) });
    await a.tick();
    await b.tick();
    expect([a.holding(), b.holding()]).toEqual([true, false]);
    expect(runs.map((r) => r.holder)).toEqual(['a']);
    // Both tick every 10 s (a third of the lease), b first each time: a keeps it by renewing.
    for (let tick = 0; tick < 359; tick += 1) {
      clock.advance(10_000);
      await b.tick();
      await a.tick();
    }
    expect(runs).toHaveLength(1);
    clock.advance(10_000);
    await b.tick();
    await a.tick();
    expect(runs.map((r) => r.holder)).toEqual(['a', 'a']);
  });

  it('is taken over by another instance when its holder dies, from where it was', async () => {
    const { clock, runs, a, b } = twoInstances({ nextRun: every(HOUR) });
    await a.tick();
    // a dies (no more ticks, its lease not let go): b waits until the lease lapses…
    clock.advance(20_000);
    await b.tick();
    expect(b.holding()).toBe(false);
    clock.advance(15_000);
    await b.tick();
    expect(b.holding()).toBe(true);
    // …and does not run it again before the hour since a's run is over.
    expect(runs.map((r) => r.holder)).toEqual(['a']);
    clock.advance(HOUR - 35_000);
    await b.tick();
    expect(runs.map((r) => r.holder)).toEqual(['a', 'b']);
  });

  it('is handed over at once by an instance that stops', async () => {
    const { runs, a, b } = twoInstances({ nextRun: every(HOUR) });
    await a.tick();
    await a.stop();
    await b.tick();
    expect(b.holding()).toBe(true);
    expect(runs.map((r) => r.holder)).toEqual(['a']);
  });

  it('takes a scheduled run missed while no instance held the lease as soon as one does', async () => {
    const schedule = { cron: '0 3 * * *', timezone: 'UTC' };
    const { store, clock, runs, a, b } = twoInstances({ nextRun: (last, _now, since) => nextCronTime(schedule, last ?? since) });
    // 09:00: the first holder waits for 03:00 tomorrow.
    await a.tick();
    clock.advance(17 * HOUR + 60_000);
    await a.tick();
    expect(runs).toEqual([]);
    clock.advance(HOUR);
    await a.tick();
    expect(runs.map((r) => r.at)).toEqual(['2026-03-03T03:01:00.000Z']);
    expect((await store.leases.getLease('retention'))?.lastRunAt).toBe('2026-03-03T03:01:00.000Z');
    // a dies; nobody holds the lease over the next 03:00; b starts at 05:00 the day after and catches up.
    clock.advance(26 * HOUR);
    await b.tick();
    expect(runs.map((r) => [r.holder, r.at])).toEqual([
      ['a', '2026-03-03T03:01:00.000Z'],
      ['b', '2026-03-04T05:01:00.000Z'],
    ]);
  });

  it('tries a failed run again after `retryMs`, not at every tick', async () => {
    let attempts = 0;
    const { clock, a } = twoInstances({
      nextRun: every(HOUR),
      retryMs: 5 * 60_000,
      run: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('disk full');
      },
    });
    await a.tick();
    clock.advance(60_000);
    await a.tick();
    expect(attempts).toBe(1);
    clock.advance(4 * 60_000);
    await a.tick();
    expect(attempts).toBe(2);
    clock.advance(10 * 60_000);
    await a.tick();
    expect(attempts).toBe(2);
  });

  it('runs a purge once when an instance takes the lease over (a restart applies a new retention), then hourly', async () => {
    const { clock, runs, a, b } = twoInstances({ nextRun: everyAndOnTakeover(HOUR) });
    await a.tick();
    clock.advance(10 * 60_000);
    await a.tick();
    expect(runs.map((r) => r.holder)).toEqual(['a']);
    await a.stop();
    await b.tick();
    expect(runs.map((r) => r.holder)).toEqual(['a', 'b']);
    clock.advance(30 * 60_000);
    await b.tick();
    expect(runs).toHaveLength(2);
    clock.advance(30 * 60_000);
    await b.tick();
    expect(runs.map((r) => r.holder)).toEqual(['a', 'b', 'b']);
  });

  it('does not start a run when the store answered the lease only after it ran out, and tells a long run when it no longer holds it', async () => {
    const store = new SqliteStore(':memory:');
    stores.push(store);
    const clock = movableClock();
    let slowBy = 0;
    const leases = {
      ...store.leases,
      acquireLease: async (...args: Parameters<typeof store.leases.acquireLease>) => {
        const lease = await store.leases.acquireLease(...args);
        clock.advance(slowBy);
        return lease;
      },
      markLeaseRun: store.leases.markLeaseRun.bind(store.leases),
      releaseLease: store.leases.releaseLease.bind(store.leases),
    };
    const runs: Array<boolean | 'unchecked'> = [];
    // Without the check (old code), the run is called with no `stillHolding`.
    const holding = (stillHolding?: () => boolean) => (stillHolding ? stillHolding() : 'unchecked');
    let release: () => void = () => {};
    const job = startLeasedJob({
      name: 'retention',
      leases,
      holder: 'a',
      logger: captureLogs().logger,
      leaseMs: 30_000,
      tickMs: 24 * HOUR,
      clock: clock.now,
      nextRun: every(HOUR),
      run: async (_now, stillHolding) => {
        runs.push(holding(stillHolding));
        if (runs.length === 2) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          runs.push(holding(stillHolding));
        }
      },
    });
    jobs.push(job);
    slowBy = 31_000;
    await job.tick();
    expect(runs).toEqual([]);
    slowBy = 0;
    await job.tick();
    expect(runs).toEqual([true]);
    // A later run outlasts its lease without a renewal (the store unreachable meanwhile).
    clock.advance(HOUR);
    const ticked = job.tick();
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    clock.advance(31_000);
    release();
    await ticked;
    expect(runs).toEqual([true, true, false]);
  });
});
