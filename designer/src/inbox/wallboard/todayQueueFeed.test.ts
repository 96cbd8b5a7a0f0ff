import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueAnalytics } from '@griot/flows';
import { startTodayFeed, wallboardQuery, type TodayFigures } from './todayQueueFeed.ts';

const report = (offered: number): QueueAnalytics => ({
  period: { from: '', to: '' },
  filters: { traffic: ['live'] },
  serviceLevelSeconds: 20,
  series: [],
  queues: [{ queue: 'q', offered } as QueueAnalytics['queues'][number]],
});
const options = { intervalMs: 30_000, settleMs: 600 };

describe('today’s queue figures for the wallboard', () => {
  let listener: () => void = () => {};
  let queries: URLSearchParams[] = [];
  let offered = 0;
  let shown: Partial<TodayFigures>[] = [];
  const deps = {
    read: vi.fn(async (query: URLSearchParams) => {
      queries.push(query);
      return report(++offered);
    }),
    onLiveChange: (l: () => void) => {
      listener = l;
      return () => (listener = () => {});
    },
    now: () => new Date(),
  };
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 10, 19, 15, 42));
    queries = [];
    offered = 0;
    shown = [];
    deps.read.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('reads from local midnight at once, and again after a live change', async () => {
    const stop = startTodayFeed(deps, (f) => shown.push(f), options);
    await vi.advanceTimersByTimeAsync(0);
    expect(queries[0]?.get('from')).toBe(new Date(2026, 10, 19, 0, 0).toISOString());
    expect(queries[0]?.has('to')).toBe(false);
    expect(shown.at(-1)?.report?.queues[0]?.offered).toBe(1);
    listener();
    await vi.advanceTimersByTimeAsync(599);
    expect(deps.read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.read).toHaveBeenCalledTimes(2);
    expect(shown.at(-1)?.report?.queues[0]?.offered).toBe(2);
    stop();
  });

  it('makes one read of a burst of events, reads on an interval, and stops', async () => {
    const stop = startTodayFeed(deps, (f) => shown.push(f), options);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i += 1) {
      listener();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(600);
    expect(deps.read).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(deps.read).toHaveBeenCalledTimes(3);
    stop();
    listener();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.read).toHaveBeenCalledTimes(3);
  });

  it('reads the period the supervisor chose: the last 24 hours, or yesterday from midnight to midnight', async () => {
    const now = new Date(2026, 10, 19, 15, 42);
    expect(Object.fromEntries(wallboardQuery('24h', now))).toEqual({ from: new Date(2026, 10, 18, 15, 42).toISOString() });
    expect(Object.fromEntries(wallboardQuery('yesterday', now))).toEqual({ from: new Date(2026, 10, 18).toISOString(), to: new Date(2026, 10, 19).toISOString() });
    const stop = startTodayFeed(deps, (f) => shown.push(f), options, 'yesterday');
    await vi.advanceTimersByTimeAsync(0);
    expect(queries[0]?.get('from')).toBe(new Date(2026, 10, 18).toISOString());
    expect(queries[0]?.get('to')).toBe(new Date(2026, 10, 19).toISOString());
    stop();
  });

  it('starts a new day at midnight', async () => {
    vi.setSystemTime(new Date(2026, 10, 19, 23, 59, 50));
    const stop = startTodayFeed(deps, (f) => shown.push(f), { intervalMs: 20_000, settleMs: 600 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(queries.map((q) => q.get('from'))).toEqual([new Date(2026, 10, 19).toISOString(), new Date(2026, 10, 20).toISOString()]);
    stop();
  });

  it('keeps the last figures and says why when a read fails', async () => {
    const failing = { ...deps, read: vi.fn().mockResolvedValueOnce(report(5)).mockRejectedValueOnce(new Error('le serveur est injoignable')) };
    const stop = startTodayFeed(failing, (f) => shown.push(f), options);
    await vi.advanceTimersByTimeAsync(0);
    listener();
    await vi.advanceTimersByTimeAsync(600);
    expect(shown).toEqual([expect.objectContaining({ error: null }), { error: 'le serveur est injoignable' }]);
    stop();
  });
});
