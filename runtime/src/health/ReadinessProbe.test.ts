import { afterEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { ReadinessProbe } from './ReadinessProbe.ts';

describe('ReadinessProbe', () => {
  let store: SqliteStore;
  afterEach(() => store.close());

  /** A real in-memory store whose writes can be refused the way SQLite refuses them on a read-only file. */
  function setUp(options: { intervalMs?: number; timeoutMs?: number } = {}) {
    store = new SqliteStore(':memory:');
    const db = (store as unknown as { db: Database.Database }).db;
    const writes = vi.spyOn(store, 'writeHeartbeat');
    const clock = { now: 1_000_000 };
    const logs = captureLogs();
    const probe = new ReadinessProbe({ store, logger: logs.logger, instance: 'test:1', now: () => clock.now, ...options });
    return { probe, writes, clock, logs, readOnly: (on: boolean) => db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`) };
  }

  it('writes once per interval however often it is asked', async () => {
    const { probe, writes, clock } = setUp({ intervalMs: 5000 });
    for (let second = 0; second < 12; second += 1) {
      expect(await probe.check()).toEqual({ ok: true });
      clock.now += 1000;
    }
    expect(writes).toHaveBeenCalledTimes(3); // at 0 s, 5 s and 10 s
    expect(writes).toHaveBeenLastCalledWith('test:1', new Date(1_010_000).toISOString());
  });

  it('shares one write between probes arriving together', async () => {
    const { probe, writes } = setUp();
    expect(await Promise.all([probe.check(), probe.check(), probe.check()])).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('reports a refused write at the next probe after the interval, retries every probe, and logs the outage once', async () => {
    const { probe, writes, clock, readOnly, logs } = setUp({ intervalMs: 5000 });
    await probe.check();
    readOnly(true);
    // A success stands for its interval: at most that long before an outage shows.
    clock.now += 4999;
    expect(await probe.check()).toEqual({ ok: true });
    clock.now += 1;
    expect(await probe.check()).toEqual({ ok: false, reason: 'store_not_writable' });
    expect(await probe.check()).toEqual({ ok: false, reason: 'store_not_writable' });
    expect(writes).toHaveBeenCalledTimes(3);
    expect(logs.lines.filter((l) => l.includes('"readiness.storeNotWritable"'))).toHaveLength(1);
    expect(logs.lines.join('')).toContain('readonly');
    readOnly(false);
    expect(await probe.check()).toEqual({ ok: true });
    expect(logs.lines.some((l) => l.includes('"readiness.recovered"'))).toBe(true);
  });

  it('trusts no success when the clock steps back: a store refusing writes since reads not ready at once', async () => {
    const { probe, writes, clock, readOnly } = setUp({ intervalMs: 5000 });
    expect(await probe.check()).toEqual({ ok: true });
    readOnly(true);
    // The system clock is stepped back an hour (NTP, a virtual machine resumed), then the disk goes read-only.
    clock.now -= 3_600_000;
    expect(await probe.check()).toEqual({ ok: false, reason: 'store_not_writable' });
    expect(writes).toHaveBeenCalledTimes(2);
    readOnly(false);
    expect(await probe.check()).toEqual({ ok: true });
    clock.now += 1000;
    expect(await probe.check()).toEqual({ ok: true });
    expect(writes).toHaveBeenCalledTimes(3);
  });

  it('counts a write that does not finish in time as a failure', async () => {
    const { probe, writes } = setUp({ timeoutMs: 20 });
    writes.mockImplementation(() => new Promise(() => undefined));
    expect(await probe.check()).toEqual({ ok: false, reason: 'store_write_timeout' });
  });
});
