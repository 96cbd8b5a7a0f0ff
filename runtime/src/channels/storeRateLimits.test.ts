import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateBudget } from '@griot/connectors';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { ThrottleCounters } from '../store/types.ts';
import { storeRateLimits } from './storeRateLimits.ts';

let dir: string;
let store: SqliteStore;
const clock = { ms: Date.now() };
const now = () => clock.ms;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'griot-rate-limits-'));
  store = new SqliteStore(join(dir, 'griot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const address = (points: number): RateBudget => ({ name: 'address', key: 'test:addr:192.0.2.7', points, windowSeconds: 60 });
const conversation = (id: string, points: number): RateBudget => ({ name: 'conversation', key: `test:conv:${id}`, points, windowSeconds: 60 });

/** The store's counters, counting the writes made through them. */
function countingWrites(counters: ThrottleCounters) {
  const seen = { writes: 0 };
  const wrapped: ThrottleCounters = {
    addThrottlePoints: (...args) => {
      seen.writes += 1;
      return counters.addThrottlePoints(...args);
    },
    getThrottleCounter: (...args) => counters.getThrottleCounter(...args),
    deleteThrottleCounter: (...args) => counters.deleteThrottleCounter(...args),
    deleteThrottleCounters: (...args) => counters.deleteThrottleCounters(...args),
  };
  return { wrapped, seen };
}

describe('channel rate limits in the store', () => {
  it('is one budget for every instance sharing the store', async () => {
    const [a, b] = [storeRateLimits(store, now), storeRateLimits(store, now)];
    expect(await a.take([address(3)])).toBeNull();
    expect(await b.take([address(3)])).toBeNull();
    expect(await a.take([address(3)])).toBeNull();
    expect(await b.take([address(3)])).toMatchObject({ budget: 'address', retryAfterSeconds: 60 });
    expect(await a.take([address(3)])).toMatchObject({ budget: 'address' });
  });

  it('refuses a flood on a full budget from memory, without a store write, until the window ends', async () => {
    const { wrapped, seen } = countingWrites(store);
    const limits = storeRateLimits(wrapped, now);
    await limits.take([address(2)]);
    await limits.take([address(2)]);
    expect(await limits.take([address(2)])).not.toBeNull();
    const writes = seen.writes;
    for (let i = 0; i < 50; i += 1) expect(await limits.take([address(2)])).toMatchObject({ budget: 'address' });
    expect(seen.writes).toBe(writes);
    clock.ms += 61_000;
    expect(await limits.take([address(2)])).toBeNull();
    expect(seen.writes).toBe(writes + 1);
  });

  it('does not spend the address’s budget on a conversation’s refused messages', async () => {
    const limits = storeRateLimits(store, now);
    expect(await limits.take([address(3), conversation('one', 1)])).toBeNull();
    for (let i = 0; i < 5; i += 1) expect(await limits.take([address(3), conversation('one', 1)])).toMatchObject({ budget: 'conversation' });
    expect(await limits.take([address(3), conversation('two', 5)])).toBeNull();
    expect(await limits.take([address(3), conversation('three', 5)])).toBeNull();
    expect(await limits.take([address(3), conversation('four', 5)])).toMatchObject({ budget: 'address' });
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped ones as IPv4', () => {
    const limits = storeRateLimits(store, now);
    expect(limits.addressOf('2001:db8:1:2:aaaa::1')).toBe(limits.addressOf('2001:db8:1:2:bbbb::9'));
    expect(limits.addressOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });
});
