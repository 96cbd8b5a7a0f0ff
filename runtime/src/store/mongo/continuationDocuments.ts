import type { ContinuationStore, PendingContinuation, SensitiveValues } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

const plain = { projection: { _id: 0, expiresAtDate: 0 } } as const;

/** Request and outcome are in clear without a data key: effects and requests (headers) are user JSON. */
const read = (found: PendingContinuation | null): PendingContinuation | null =>
  found ? { ...found, request: decodeKeys(found.request), ...(found.outcome ? { outcome: decodeKeys(found.outcome) } : {}) } : null;

/**
 * Slow look-ups' continuations on MongoDB (`continuationTypes.ts`): one document per session
 * key; each change is one `findOneAndUpdate`/`updateOne` filtered on what it requires (the owner,
 * an expired hold, an outcome), so of two instances one claims or takes it. Expired ones go by TTL.
 */
export function createMongoContinuations(c: MongoCollections): ContinuationStore {
  return {
    async putContinuation(continuation: PendingContinuation): Promise<void> {
      const { outcome, ...rest } = continuation;
      await c.continuations.replaceOne(
        { key: continuation.key },
        { ...rest, request: encodeKeys(rest.request), ...(outcome ? { outcome: encodeKeys(outcome) } : {}), expiresAtDate: new Date(continuation.expiresAt) },
        { upsert: true },
      );
    },
    getContinuation: async (key: string, now: string) => read(await c.continuations.findOne<PendingContinuation>({ key, expiresAt: { $gt: now } }, plain)),
    renewContinuation: async (key: string, owner: string, until: string) => (await c.continuations.updateOne({ key, owner, outcome: { $exists: false } }, { $set: { until } })).matchedCount === 1,
    claimContinuation: async (key: string, owner: string, until: string, now: string) =>
      read(
        (await c.continuations.findOneAndUpdate(
          { key, until: { $lte: now }, outcome: { $exists: false }, expiresAt: { $gt: now } },
          { $set: { owner, until } },
          { ...plain, returnDocument: 'after' },
        )) as PendingContinuation | null,
      ),
    settleContinuation: async (key: string, owner: string, outcome: SensitiveValues) =>
      (await c.continuations.updateOne({ key, owner, outcome: { $exists: false } }, { $set: { outcome: encodeKeys(outcome) } })).matchedCount === 1,
    takeContinuation: async (key: string) => read((await c.continuations.findOneAndDelete({ key, outcome: { $exists: true } }, plain)) as PendingContinuation | null),
    async deleteContinuation(key: string): Promise<void> {
      await c.continuations.deleteOne({ key });
    },
  };
}
