import type { Flow } from '@griot/flows';
import type { Draft, FlowRecord, SaveDraftResult } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';

/**
 * Flows and drafts. Without a replica set there are no multi-document transactions, so
 * each step is a single-document atomic operation, ordered so an interruption leaves
 * nothing a reader would misread (the flow record is written first and removed first).
 */
export function createMongoFlows(c: MongoCollections) {
  const getDraft = (flowId: string) => c.drafts.findOne<Draft>({ flowId }, withoutId);

  return {
    async create(flow: FlowRecord, draft: Draft): Promise<boolean> {
      try {
        // Copies: the driver adds `_id` to the object it inserts.
        await c.flows.insertOne({ ...flow });
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
      await c.drafts.replaceOne({ flowId: draft.flowId }, { ...draft }, { upsert: true });
      return true;
    },
    list: () => c.flows.find<FlowRecord>({}, withoutId).sort({ id: 1 }).toArray(),
    get: (id: string) => c.flows.findOne<FlowRecord>({ id }, withoutId),
    async remove(id: string): Promise<boolean> {
      const { deletedCount } = await c.flows.deleteOne({ id });
      await Promise.all([
        c.drafts.deleteMany({ flowId: id }),
        c.versions.deleteMany({ flowId: id }),
        c.versionCounters.deleteMany({ flowId: id }),
        c.environments.deleteMany({ flowId: id }),
        c.bindings.deleteMany({ flowId: id }),
      ]);
      return deletedCount > 0;
    },
    getDraft,
    async getDraftHash(flowId: string): Promise<string | null> {
      const found = await c.drafts.findOne<{ hash: string }>({ flowId }, { projection: { _id: 0, hash: 1 } });
      return found?.hash ?? null;
    },
    async save(flowId: string, expected: number, document: Flow, hash: string, by: string, at: string): Promise<SaveDraftResult> {
      // The revision is in the filter: of two saves on one revision, only the first matches.
      const draft = await c.drafts.findOneAndUpdate(
        { flowId, revision: expected },
        { $set: { document, hash, updatedAt: at, updatedBy: by }, $inc: { revision: 1 } },
        { returnDocument: 'after', ...withoutId },
      );
      if (draft) {
        await c.flows.updateOne({ id: flowId }, { $set: { name: document.name, updatedAt: at } });
        return { ok: true, draft: draft as Draft };
      }
      const current = await getDraft(flowId);
      return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'notFound' };
    },
    allDrafts: () => c.drafts.find<Draft>({}, withoutId).sort({ flowId: 1 }).toArray(),
  };
}

export type MongoFlows = ReturnType<typeof createMongoFlows>;
