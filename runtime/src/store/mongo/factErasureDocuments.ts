import type { MongoCollections } from './mongoCollections.ts';

/**
 * Right to erasure in the raw facts, in MongoDB: the caller's digest is set to null where a fact
 * names it. `$type` matches the partial index on `caller` (only a contact's first batch and
 * agent-queue facts carry one), so the erasure reads that index, not every fact. Counters are
 * not touched: they never hold a caller.
 */
export function createMongoFactErasure(c: MongoCollections) {
  return {
    async eraseCallers(callers: string[]): Promise<number> {
      if (callers.length === 0) return 0;
      return (await c.analyticsFacts.updateMany({ caller: { $type: 'string', $in: callers } }, { $set: { caller: null } })).modifiedCount;
    },
  };
}
