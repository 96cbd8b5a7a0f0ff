/// <reference path="./rateLimiterStoreAbstract.d.ts" />
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import type { ThrottleCounters } from '../../store/types.ts';
import { StoreRateLimiter } from './StoreRateLimiter.ts';

/** One limit on failed attempts: `maxFailures` within `windowSeconds` blocks for `blockSeconds`. */
export interface ThrottleRule<S> {
  /** Named in audit entries and documentation: `account+address`, `address`… */
  name: string;
  /** 0 turns the rule off. */
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
  /** A success forgets this rule's failures (the account's own); otherwise it only gives its point back. */
  resetOnSuccess: boolean;
  /** The counter this attempt counts against. */
  key: (subject: S) => string;
  /** Whether the rule holds for this attempt at all (absent: always); one that does not neither refuses nor counts it. */
  appliesTo?: (subject: S) => boolean;
}

/** Why an attempt is not even checked, and for how long. */
export interface ThrottleRefusal {
  rule: string;
  retryAfterSeconds: number;
}

/** What `count` counted, to settle once the attempt is known to have failed or succeeded. */
export interface CountedAttempt {
  consumed: Map<string, number>;
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Throttles an expensive or guessable check (a password, a bearer token) with several rules at
 * once, over rate-limiter-flexible limiters backed by the Store, so every instance shares the
 * counts. `refusal` before anything else: a blocked attempt costs a read and no hashing, and
 * counts nowhere (hammering while blocked neither extends the block nor locks the account for
 * other addresses). `count` before the check itself: concurrent attempts cannot all slip
 * through between a read and a write. `failed` / `succeeded` after it.
 */
export class AttemptThrottle<S> {
  private readonly limits: Array<{ rule: ThrottleRule<S>; limiter: StoreRateLimiter }>;

  constructor(counters: ThrottleCounters, clock: () => number, keyPrefix: string, rules: ThrottleRule<S>[]) {
    this.limits = rules
      .filter((rule) => rule.maxFailures > 0)
      .map((rule) => ({ rule, limiter: new StoreRateLimiter({ counters, clock, keyPrefix, points: rule.maxFailures, duration: rule.windowSeconds }) }));
  }

  private applicable(subject: S) {
    return this.limits.filter(({ rule }) => rule.appliesTo?.(subject) ?? true);
  }

  /** The longest wait any rule imposes now, or null when the attempt may go ahead. Counts nothing. */
  async refusal(subject: S): Promise<ThrottleRefusal | null> {
    const states = await Promise.all(this.applicable(subject).map(async ({ rule, limiter }) => ({ rule, res: await limiter.get(rule.key(subject)) })));
    return longest(states.filter(({ rule, res }) => res !== null && res.consumedPoints >= rule.maxFailures));
  }

  /**
   * Counts the attempt against every rule, or when one of them has just filled up (another
   * attempt got there first) against none that had room: then the refusal says how long to wait.
   */
  async count(subject: S): Promise<{ refusal: ThrottleRefusal | null; counted: CountedAttempt }> {
    const results = await Promise.all(
      this.applicable(subject).map(async ({ rule, limiter }) => {
        try {
          return { rule, limiter, res: await limiter.consume(rule.key(subject)), refused: false };
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error;
          return { rule, limiter, res: error, refused: true };
        }
      }),
    );
    const refused = results.filter((r) => r.refused);
    if (refused.length > 0) {
      // The other rules give their point back (a burst refused by one rule must not fill the
      // account's limit for every address); the full ones keep it, they refuse until they expire.
      await Promise.all(results.filter((r) => !r.refused).map(({ rule, limiter }) => limiter.reward(rule.key(subject))));
      return { refusal: longest(refused), counted: { consumed: new Map() } };
    }
    return { refusal: null, counted: { consumed: new Map(results.map(({ rule, res }) => [rule.name, res.consumedPoints])) } };
  }

  /** After a failure: blocks by each rule this failure filled up; returns those blocks. */
  async failed(subject: S, counted: CountedAttempt): Promise<ThrottleRefusal[]> {
    const filled = this.limits.filter(({ rule }) => counted.consumed.get(rule.name) === rule.maxFailures);
    await Promise.all(filled.map(({ rule, limiter }) => limiter.block(rule.key(subject), rule.blockSeconds)));
    return filled.map(({ rule }) => ({ rule: rule.name, retryAfterSeconds: rule.blockSeconds }));
  }

  /** The attempt was never checked (the server was busy): gives its points back. */
  async uncount(subject: S, counted: CountedAttempt): Promise<void> {
    await Promise.all(this.limits.filter(({ rule }) => counted.consumed.has(rule.name)).map(({ rule, limiter }) => limiter.reward(rule.key(subject))));
  }

  /** After a success: forgets the account's failures, gives the attempt back elsewhere. */
  async succeeded(subject: S, counted: CountedAttempt): Promise<void> {
    await Promise.all(
      this.limits.filter(({ rule }) => counted.consumed.has(rule.name)).map(({ rule, limiter }) => (rule.resetOnSuccess ? limiter.delete(rule.key(subject)) : limiter.reward(rule.key(subject)))),
    );
  }
}

function longest(blocking: Array<{ rule: { name: string }; res: RateLimiterRes | null }>): ThrottleRefusal | null {
  let worst: ThrottleRefusal | null = null;
  for (const { rule, res } of blocking) {
    // A counter without expiry (-1) blocks until an admin clears it: say a day.
    const ms = res && res.msBeforeNext >= 0 ? res.msBeforeNext : 86_400_000;
    const refusal = { rule: rule.name, retryAfterSeconds: secondsOf(ms) };
    if (!worst || refusal.retryAfterSeconds > worst.retryAfterSeconds) worst = refusal;
  }
  return worst;
}
