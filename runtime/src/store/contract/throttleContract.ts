import { describe, expect, it } from 'vitest';
import type { Store, StoreDump } from '../types.ts';
import { T0 as FIXTURES_T0 } from './fixtures.ts';

// Ahead of the real clock (see fixtures' T0): the TTL monitor leaves these counters alone.
const T0 = Date.parse(FIXTURES_T0);
const MINUTE = 60_000;

/** Login and bearer-token throttling counters: shared by every instance on the store, exact about expiry. */
export function throttleContract(store: () => Store, another: () => Promise<Store>) {
  describe('throttle counters', () => {
    it('adds points within a window and starts again once it has expired', async () => {
      expect(await store().addThrottlePoints('login:a', 1, 15 * MINUTE, T0, false)).toEqual({ key: 'login:a', points: 1, expiresAt: T0 + 15 * MINUTE });
      // Later additions keep the window's end: a fixed window from the first point.
      expect(await store().addThrottlePoints('login:a', 2, 15 * MINUTE, T0 + MINUTE, false)).toEqual({ key: 'login:a', points: 3, expiresAt: T0 + 15 * MINUTE });
      expect(await store().getThrottleCounter('login:a', T0 + 14 * MINUTE)).toEqual({ key: 'login:a', points: 3, expiresAt: T0 + 15 * MINUTE });
      // At the window's end the counter is gone for readers, and the next point starts a new window.
      expect(await store().getThrottleCounter('login:a', T0 + 15 * MINUTE)).toBeNull();
      expect(await store().addThrottlePoints('login:a', 1, 15 * MINUTE, T0 + 20 * MINUTE, false)).toEqual({ key: 'login:a', points: 1, expiresAt: T0 + 35 * MINUTE });
    });

    it('gives points back, and keeps a counter without duration forever', async () => {
      await store().addThrottlePoints('login:b', 2, MINUTE, T0, false);
      expect((await store().addThrottlePoints('login:b', -1, MINUTE, T0, false)).points).toBe(1);
      expect(await store().addThrottlePoints('login:forever', 1, 0, T0, false)).toEqual({ key: 'login:forever', points: 1, expiresAt: null });
      expect((await store().addThrottlePoints('login:forever', 1, 0, T0 + 1000 * MINUTE, false)).points).toBe(2);
      expect(await store().getThrottleCounter('login:forever', T0 + 100_000 * MINUTE)).toEqual({ key: 'login:forever', points: 2, expiresAt: null });
    });

    it('replaces points and expiry for a block, whatever was counted', async () => {
      await store().addThrottlePoints('login:c', 4, 15 * MINUTE, T0, false);
      expect(await store().addThrottlePoints('login:c', 6, 60 * MINUTE, T0 + MINUTE, true)).toEqual({ key: 'login:c', points: 6, expiresAt: T0 + 61 * MINUTE });
      expect(await store().getThrottleCounter('login:c', T0 + 30 * MINUTE)).toEqual({ key: 'login:c', points: 6, expiresAt: T0 + 61 * MINUTE });
      expect(await store().addThrottlePoints('login:new', 3, MINUTE, T0, true)).toEqual({ key: 'login:new', points: 3, expiresAt: T0 + MINUTE });
    });

    it('counts every one of many concurrent additions', async () => {
      await Promise.all(Array.from({ length: 25 }, () => store().addThrottlePoints('login:race', 1, MINUTE, T0, false)));
      expect((await store().getThrottleCounter('login:race', T0))?.points).toBe(25);
    });

    it('deletes one counter, or every counter under a prefix', async () => {
      for (const key of ['login:acct:aa:pair:1.2.3.4', 'login:acct:aa:all', 'login:acct:ab:all', 'login:addr:1.2.3.4', 'login:acct:a.:all']) {
        await store().addThrottlePoints(key, 1, MINUTE, T0, false);
      }
      expect(await store().deleteThrottleCounter('login:addr:1.2.3.4')).toBe(true);
      expect(await store().deleteThrottleCounter('login:addr:1.2.3.4')).toBe(false);
      // The prefix is text, not a pattern: `a.` matches only itself.
      expect(await store().deleteThrottleCounters('login:acct:a.:')).toBe(1);
      expect(await store().deleteThrottleCounters('login:acct:aa:')).toBe(2);
      expect(await store().getThrottleCounter('login:acct:aa:all', T0)).toBeNull();
      expect(await store().getThrottleCounter('login:acct:ab:all', T0)).toEqual({ key: 'login:acct:ab:all', points: 1, expiresAt: T0 + MINUTE });
    });

    it('leaves counters out of backups', async () => {
      await store().addThrottlePoints('login:d', 5, 60 * MINUTE, Date.now(), false);
      const dump = await store().dump();
      expect(JSON.stringify(dump)).not.toContain('login:d');
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect(await fresh.getThrottleCounter('login:d', Date.now())).toBeNull();
    });
  });
}
