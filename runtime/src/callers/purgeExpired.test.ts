import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { at, caller, session } from '../store/contract/fixtures.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { startRetentionJob } from './purgeExpired.ts';

describe('the retention job', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('removes expired sessions within a minute, and old profiles at the hourly purge', async () => {
    // Only the job's timers: the store commits on setImmediate.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = new SqliteStore(':memory:');
    let now = new Date(at(10));
    // A chat that went quiet: expired at minute 30, with what it fetched still in the row.
    await store.putSession({ ...session('whatsapp:quiet', at(30)), sensitive: { clear: { puk: '80417263' } } });
    await store.putSession(session('voice:live', at(90)));
    await store.putCaller(caller('+2290197000009', at(-400 * 24 * 60)));
    const job = startRetentionJob({ store, logger: captureLogs().logger, clock: () => now, retentionDays: 365 });
    try {
      await vi.advanceTimersByTimeAsync(0);
      expect(await store.getCaller('+2290197000009')).toBeNull(); // the first run at start
      await store.putCaller(caller('+2290197000008', at(-400 * 24 * 60)));

      now = new Date(at(31));
      await vi.advanceTimersByTimeAsync(60_000);
      const rows = (await store.dump()).sessions.map((s) => s.key);
      expect(rows).toEqual(['voice:live']);
      // Profiles wait for the hourly run.
      expect(await store.getCaller('+2290197000008')).not.toBeNull();
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(await store.getCaller('+2290197000008')).toBeNull();
    } finally {
      job.stop();
      await store.close();
    }
  });
});
