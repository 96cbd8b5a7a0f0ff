import type { ClientSession } from 'mongodb';
import type { FactBatch } from '../types.ts';
import { PositionalBatch } from '../factRuns.ts';
import type { MongoCollections } from './mongoCollections.ts';

/** A caller erased (right to erasure): their keyed digest, and when. Kept as long as raw facts are. */
export interface ErasedCallerDocument {
  _id: string;
  erasedAt: string;
}

/**
 * Right to erasure in the raw facts, in MongoDB: the caller's digest is set to null where a fact
 * names it. `$type` matches the partial index on `caller` (only a contact's first batch and
 * agent-queue facts carry one), so the erasure reads that index, not every fact. Counters are
 * not touched: they never hold a caller.
 *
 * The digests erased are listed first (`erasedCallers`), and every facts insert, of any instance,
 * drops a listed digest (`withoutErased` before, `clearErased` after it is written): a fact
 * another instance queued before the erasure cannot bring the caller back once it is answered.
 */
export function createMongoFactErasure(c: MongoCollections) {
  return {
    async eraseCallers(callers: string[]): Promise<number> {
      if (callers.length === 0) return 0;
      const at = new Date().toISOString();
      await c.erasedCallers.bulkWrite(
        callers.map((digest) => ({ updateOne: { filter: { _id: digest }, update: { $set: { erasedAt: at } }, upsert: true } })),
        { ordered: false },
      );
      return (await c.analyticsFacts.updateMany({ caller: { $type: 'string', $in: callers } }, { $set: { caller: null } })).modifiedCount;
    },
    /** Forgets the digests erased before `before` (the raw facts' retention: no fact queued then is still to be written). */
    purge: async (before: string) => (await c.erasedCallers.deleteMany({ erasedAt: { $lt: before } })).deletedCount,
  };
}

const digestsOf = (batches: readonly FactBatch[]) => [...new Set(batches.map((b) => b.caller).filter((caller): caller is string => typeof caller === 'string'))];

async function erasedAmong(c: MongoCollections, digests: string[], session?: ClientSession): Promise<Set<string>> {
  if (digests.length === 0) return new Set();
  const listed = await c.erasedCallers.find({ _id: { $in: digests } }, { projection: { _id: 1 }, ...(session ? { session } : {}) }).toArray();
  return new Set(listed.map((d) => d._id));
}

/** The batches about to be written, a listed (erased) caller's digest dropped: the common case, one read by `_id`. */
export async function withoutErased(c: MongoCollections, batches: FactBatch[], session?: ClientSession): Promise<FactBatch[]> {
  const erased = await erasedAmong(c, digestsOf(batches), session);
  if (erased.size === 0) return batches;
  return batches.map((b) => {
    if (typeof b.caller !== 'string' || !erased.has(b.caller)) return b;
    // A turn's batch keeps its form: a copy would lose its events (read from its row), and the whole write with them.
    if (b instanceof PositionalBatch) {
      b.caller = null;
      return b;
    }
    return { ...b, caller: null };
  });
}

/**
 * After facts were written (and committed): a digest listed meanwhile, by an erasure that read
 * the facts before these were visible, is cleared from them now. Without it, a write racing the
 * erasure (no transaction on a standalone server; none that conflicts on a replica set) would keep it.
 */
export async function clearErased(c: MongoCollections, batches: readonly FactBatch[]): Promise<void> {
  const erased = [...(await erasedAmong(c, digestsOf(batches)))];
  if (erased.length > 0) await c.analyticsFacts.updateMany({ caller: { $type: 'string', $in: erased } }, { $set: { caller: null } });
}
