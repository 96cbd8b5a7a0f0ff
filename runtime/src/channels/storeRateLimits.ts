/// <reference path="../auth/throttle/rateLimiterStoreAbstract.d.ts" />
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import type { ChannelRateLimits, RateBudget, RateRefusal } from '@griot/connectors';
import { clientAddress } from '../auth/throttle/clientAddress.ts';
import { StoreRateLimiter } from '../auth/throttle/StoreRateLimiter.ts';
import type { ThrottleCounters } from '../store/types.ts';

/** The counters' prefix in the store, beside `login:` and `bearer:`. */
const PREFIX = 'channel';
/** Keys this process remembers as full; past it the oldest are forgotten (they only cost a store write again). */
const REMEMBERED_REFUSALS = 10_000;

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Channels' limits on anonymous senders, over the same Store-backed rate-limiter-flexible
 * counters as logins: every instance sharing the store counts into the same counters (a budget
 * is the whole deployment's, not one instance's times N), and a restart forgets nothing (a
 * process that dies after counting has counted). A budget found full is also remembered here
 * until its window ends, so a flood's next requests are refused from memory: no store write
 * per refused request on this instance.
 */
export function storeRateLimits(counters: ThrottleCounters, clock: () => number): ChannelRateLimits {
  const limiters = new Map<string, StoreRateLimiter>();
  const fullUntil = new Map<string, number>();
  const limiterFor = (budget: RateBudget) => {
    const shape = `${budget.points}/${budget.windowSeconds}`;
    let limiter = limiters.get(shape);
    if (!limiter) {
      limiter = new StoreRateLimiter({ counters, clock, keyPrefix: PREFIX, points: budget.points, duration: budget.windowSeconds });
      limiters.set(shape, limiter);
    }
    return limiter;
  };
  const remember = (key: string, until: number) => {
    fullUntil.delete(key);
    fullUntil.set(key, until);
    if (fullUntil.size > REMEMBERED_REFUSALS) fullUntil.delete(fullUntil.keys().next().value as string);
  };

  return {
    addressOf: clientAddress,
    async take(budgets) {
      const now = clock();
      let worst: RateRefusal | null = null;
      for (const budget of budgets) {
        const until = fullUntil.get(budget.key);
        if (until === undefined) continue;
        if (until <= now) fullUntil.delete(budget.key);
        else if (!worst || secondsOf(until - now) > worst.retryAfterSeconds) worst = { budget: budget.name, retryAfterSeconds: secondsOf(until - now) };
      }
      if (worst) return worst;

      const results = await Promise.all(
        budgets.map(async (budget) => {
          const limiter = limiterFor(budget);
          try {
            await limiter.consume(budget.key);
            return { budget, limiter, full: null };
          } catch (error) {
            if (!(error instanceof RateLimiterRes)) throw error;
            return { budget, limiter, full: error };
          }
        }),
      );
      const full = results.filter((r) => r.full !== null);
      if (full.length === 0) return null;
      // The budgets that had room give their point back: the request was not taken.
      await Promise.all(results.filter((r) => r.full === null).map(({ budget, limiter }) => limiter.reward(budget.key)));
      for (const { budget, full: res } of full) {
        const ms = res && res.msBeforeNext >= 0 ? res.msBeforeNext : budget.windowSeconds * 1000;
        remember(budget.key, now + ms);
        if (!worst || secondsOf(ms) > worst.retryAfterSeconds) worst = { budget: budget.name, retryAfterSeconds: secondsOf(ms) };
      }
      return worst;
    },
  };
}
