import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { at, caller, session } from '../store/contract/fixtures.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { startClusterJobs, type ClusterJobs } from './clusterJobs.ts';

const running: ClusterJobs[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((j) => j.stop()));
});

/** Ticks every job of one instance by hand (their timers are ten seconds apart). */
const tickAll = (jobs: ClusterJobs) => Promise.all(jobs.jobs.map((job) => job.tick()));

describe('the timed jobs of an instance', () => {
  it('removes expired sessions within a minute, and old profiles at start and at the hourly purge', async () => {
    const store = new SqliteStore(':memory:');
    let now = new Date(at(10));
    // A chat that went quiet: expired at minute 30, with what it fetched still in the row.
    await store.putSession({ ...session('whatsapp:quiet', at(30)), sensitive: { clear: { puk: '80417263' } } });
    await store.putSession(session('voice:live', at(90)));
    await store.putCaller(caller('+2290197000009', at(-400 * 24 * 60)));
    const jobs = startClusterJobs({
      store,
      logger: captureLogs().logger,
      holder: 'a',
      cluster: { jobLeaseMs: 30_000 },
      retentionDays: 365,
      analytics: { rawRetentionDays: 90, retentionDays: 730 },
      purgeArchivedFlows: async () => [],
      clock: () => now,
    });
    running.push(jobs);
    try {
      await tickAll(jobs);
      expect(await store.getCaller('+2290197000009')).toBeNull(); // the first run, at start
      await store.putCaller(caller('+2290197000008', at(-400 * 24 * 60)));
      now = new Date(at(31));
      await tickAll(jobs);
      expect((await store.dump()).sessions.map((s) => s.key)).toEqual(['voice:live']);
      // Profiles wait for the hourly run.
      expect(await store.getCaller('+2290197000008')).not.toBeNull();
      now = new Date(at(71));
      await tickAll(jobs);
      expect(await store.getCaller('+2290197000008')).toBeNull();
    } finally {
      await jobs.stop();
      running.splice(0);
      await store.close();
    }
  });
});
