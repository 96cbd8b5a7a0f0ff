import type { ThrottleCounter } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';

const asCounter = { projection: { _id: 0, key: 1, points: 1, expiresAt: 1 } } as const;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The update of `addThrottlePoints`, for findOneAndUpdate with upsert. Adding is an update
 * pipeline that decides on the server whether the window has expired, so instances counting
 * the same key at once never lose a point; replacing (a block) is a plain $set.
 */
export function throttleCounterUpdate(points: number, durationMs: number, now: number, replace: boolean) {
  const expiresAt = durationMs > 0 ? now + durationMs : null;
  const expiresAtDate = expiresAt === null ? null : new Date(expiresAt);
  if (replace) return { $set: { points, expiresAt, expiresAtDate } };
  // A window lives when it never ends (null) or ends after now; a missing field (the document
  // an upsert just created) or a past end sorts below `now` and starts a new window.
  const live = { $or: [{ $eq: [{ $type: '$expiresAt' }, 'null'] }, { $gt: ['$expiresAt', now] }] };
  return [
    {
      $set: {
        points: { $cond: [live, { $add: ['$points', points] }, { $literal: points }] },
        expiresAt: { $cond: [live, '$expiresAt', { $literal: expiresAt }] },
        expiresAtDate: { $cond: [live, '$expiresAtDate', { $literal: expiresAtDate }] },
      },
    },
  ];
}

/** The filter of a counter that still lives at `now` (`expiresAt: null` also matches never-ending ones). */
export const liveThrottleCounter = (key: string, now: number) => ({ key, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });

/**
 * Throttling counters, one document per key. The TTL index drops expired counters; reads
 * compare `expiresAt` (milliseconds) themselves, so expiry is exact.
 */
export function createMongoThrottle(c: MongoCollections) {
  async function add(key: string, points: number, durationMs: number, now: number, replace: boolean): Promise<ThrottleCounter> {
    const update = throttleCounterUpdate(points, durationMs, now, replace);
    const run = () => c.throttleCounters.findOneAndUpdate({ key }, update, { upsert: true, returnDocument: 'after', ...asCounter });
    let counter: ThrottleCounter | null;
    try {
      counter = await run();
    } catch (error) {
      // Two first upserts of one key: the loser finds the winner's document on a second try.
      if (!isDuplicateKey(error)) throw error;
      counter = await run();
    }
    return counter!;
  }

  return {
    add,
    get: (key: string, now: number) => c.throttleCounters.findOne<ThrottleCounter>(liveThrottleCounter(key, now), asCounter),
    remove: async (key: string) => (await c.throttleCounters.deleteOne({ key })).deletedCount > 0,
    // An anchored prefix regex is answered from the unique index on key.
    removePrefix: async (prefix: string) => (await c.throttleCounters.deleteMany({ key: { $regex: `^${escapeRegExp(prefix)}` } })).deletedCount,
  };
}

export type MongoThrottle = ReturnType<typeof createMongoThrottle>;
