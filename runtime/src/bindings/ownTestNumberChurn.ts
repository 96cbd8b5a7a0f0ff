import type { Actor, ServiceContext } from '../context.ts';
import { throttled } from '../errors.ts';

/** How many numbers a user may list as their own in a day, all bindings together, removals not given back. */
export const OWN_TEST_NUMBER_ADDS_PER_DAY = 10;
const DAY_MS = 24 * 3600_000;

const keyOf = (actor: Actor) => `ownTestNumbers:adds:${actor.username}`;
const inWords = (seconds: number) => (seconds < 7200 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds / 3600)} hours`);

/**
 * Bounds a user's own test numbers over time, not only at once: the cap of a few numbers at a time
 * (bindingService) alone lets a user remove and add again without end, trying number after number.
 * Each accepted add takes one of OWN_TEST_NUMBER_ADDS_PER_DAY points in a 24-hour window from the
 * first (a throttle counter in the store: every instance counts together, a restart forgets
 * nothing); a refused add gives its point back. Past the bound: 429
 * `own_test_numbers_daily_limit` with `Retry-After`, audited as `binding.testerThrottled`
 * (without the number: it may be a subscriber's).
 */
export function withinDailyOwnAdds<I, R>(ctx: ServiceContext, add: (actor: Actor, id: string, input: I) => Promise<R>) {
  return async (actor: Actor, id: string, input: I): Promise<R> => {
    const now = Date.parse(ctx.now());
    const key = keyOf(actor);
    const counter = await ctx.store.addThrottlePoints(key, 1, DAY_MS, now, false);
    const giveBack = () => ctx.store.addThrottlePoints(key, -1, DAY_MS, now, false);
    if (counter.points > OWN_TEST_NUMBER_ADDS_PER_DAY) {
      await giveBack();
      const retryAfterSeconds = Math.max(1, Math.ceil(((counter.expiresAt ?? now + DAY_MS) - now) / 1000));
      await ctx.audit.record({ actor: actor.username, action: 'binding.testerThrottled', target: `binding:${id}`, details: { limit: OWN_TEST_NUMBER_ADDS_PER_DAY, retryAfterSeconds } });
      throw throttled(
        'own_test_numbers_daily_limit',
        `you listed ${OWN_TEST_NUMBER_ADDS_PER_DAY} test numbers of your own in the last 24 hours: try again in ${inWords(retryAfterSeconds)}, or ask an admin`,
        retryAfterSeconds,
        { limit: OWN_TEST_NUMBER_ADDS_PER_DAY },
      );
    }
    try {
      return await add(actor, id, input);
    } catch (error) {
      await giveBack();
      throw error;
    }
  };
}
