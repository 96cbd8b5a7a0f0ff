import { describe, expect, it } from 'vitest';
import type { PendingContinuation, Store } from '../types.ts';
import { at } from './fixtures.ts';

const KEY = 'voice:CA-slow';
const waiting = (owner = 'a', until = at(1)): PendingContinuation => ({
  key: KEY,
  revision: 4,
  owner,
  until,
  request: { clear: { value: { type: 'webhook', node: 'lookup', url: 'https://op.example/puk' } } },
  expiresAt: at(30),
});
const OUTCOME = { clear: { value: { effects: [{ type: 'say', text: 'Votre code PUK est 1234' }] } } };

/** Slow look-ups that outlived their turn: held by one instance, taken over when it dies, their outcome taken once. */
export function continuationContract(store: () => Store, another: () => Promise<Store>) {
  describe('look-up continuations', () => {
    it('keeps a continuation for its session until it expires, then no longer returns it', async () => {
      await store().continuations.putContinuation(waiting());
      expect(await store().continuations.getContinuation(KEY, at(0))).toEqual(waiting());
      expect(await store().continuations.getContinuation(KEY, at(30))).toBeNull();
      expect(await store().continuations.getContinuation('voice:other', at(0))).toBeNull();
      await store().continuations.putContinuation({ ...waiting(), key: 'voice:b', expiresAt: at(60) });
      // The purge of expired sessions takes their continuations too.
      await store().purgeExpiredSessions(at(31));
      expect(await store().continuations.getContinuation(KEY, at(0))).toBeNull();
      expect(await store().continuations.getContinuation('voice:b', at(0))).not.toBeNull();
    });

    it('lets the owner renew it, and another instance take it over only once the hold passed', async () => {
      await store().continuations.putContinuation(waiting('a', at(1)));
      expect(await store().continuations.renewContinuation(KEY, 'a', at(2))).toBe(true);
      expect(await store().continuations.renewContinuation(KEY, 'b', at(9))).toBe(false);
      expect(await store().continuations.claimContinuation(KEY, 'b', at(5), at(1))).toBeNull();
      const claims = await Promise.all([store().continuations.claimContinuation(KEY, 'b', at(5), at(2)), store().continuations.claimContinuation(KEY, 'c', at(5), at(2))]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = claims.find(Boolean)!;
      expect(winner).toMatchObject({ key: KEY, revision: 4, until: at(5), request: waiting().request });
      // The former owner, back, can no longer renew nor settle it.
      expect(await store().continuations.renewContinuation(KEY, 'a', at(9))).toBe(false);
      expect(await store().continuations.settleContinuation(KEY, 'a', OUTCOME)).toBe(false);
    });

    it('gives the outcome to one taker, once', async () => {
      await store().continuations.putContinuation(waiting('a'));
      expect(await store().continuations.takeContinuation(KEY)).toBeNull();
      expect(await store().continuations.settleContinuation(KEY, 'a', OUTCOME)).toBe(true);
      // Settled: no one renews or claims it any more.
      expect(await store().continuations.renewContinuation(KEY, 'a', at(3))).toBe(false);
      expect(await store().continuations.claimContinuation(KEY, 'b', at(5), at(20))).toBeNull();
      const takes = await Promise.all([store().continuations.takeContinuation(KEY), store().continuations.takeContinuation(KEY)]);
      expect(takes.filter(Boolean)).toEqual([{ ...waiting('a'), outcome: OUTCOME }]);
      expect(await store().continuations.getContinuation(KEY, at(0))).toBeNull();
    });

    it('removes a continuation, and never puts one in a backup', async () => {
      await store().continuations.putContinuation(waiting());
      const dump = await store().dump();
      expect(JSON.stringify(dump)).not.toContain('PUK');
      expect(JSON.stringify(dump)).not.toContain('op.example');
      const restored = await another();
      await restored.restore(dump);
      expect(await restored.continuations.getContinuation(KEY, at(0))).toBeNull();
      await store().continuations.deleteContinuation(KEY);
      expect(await store().continuations.getContinuation(KEY, at(0))).toBeNull();
    });
  });
}
