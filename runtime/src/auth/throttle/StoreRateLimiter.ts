/// <reference path="./rateLimiterStoreAbstract.d.ts" />
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import type { ThrottleCounter, ThrottleCounters } from '../../store/types.ts';

export interface StoreRateLimiterOptions {
  counters: ThrottleCounters;
  /** Milliseconds since the epoch; injectable so tests can move past a window. */
  clock: () => number;
  keyPrefix: string;
  /** Points allowed per window; consume() refuses beyond. */
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/**
 * rate-limiter-flexible over Griot's Store, the way its own SQLite and MongoDB limiters sit on
 * their clients: the library keeps consume/penalty/reward/block and their answers
 * (RateLimiterRes with msBeforeNext); we supply the three store operations it needs. Its SQLite
 * limiter would want a raw database handle and a table outside our migrations, its MongoDB one a
 * second client; this one follows whichever Store Griot runs on, and an injectable clock.
 */
export class StoreRateLimiter extends RateLimiterStoreAbstract {
  private readonly counters: ThrottleCounters;
  private readonly clock: () => number;

  constructor(options: StoreRateLimiterOptions) {
    super({ keyPrefix: options.keyPrefix, points: options.points, duration: options.duration, storeClient: options.counters });
    this.counters = options.counters;
    this.clock = options.clock;
  }

  _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<ThrottleCounter> {
    return this.counters.addThrottlePoints(rlKey, points, msDuration, this.clock(), forceExpire);
  }

  _get(rlKey: string): Promise<ThrottleCounter | null> {
    return this.counters.getThrottleCounter(rlKey, this.clock());
  }

  _delete(rlKey: string): Promise<boolean> {
    return this.counters.deleteThrottleCounter(rlKey);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, counter: ThrottleCounter): RateLimiterRes {
    const consumed = counter.points;
    const msBeforeNext = counter.expiresAt === null ? -1 : Math.max(counter.expiresAt - this.clock(), 0);
    return new RateLimiterRes(Math.max(this.points - consumed, 0), msBeforeNext, consumed, changedPoints === consumed);
  }
}
