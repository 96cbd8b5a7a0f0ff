import type { Flow } from '@griot/flows';
import type { ArchiveFlowResult, Binding, Draft, EnvironmentPointer, FlowRecord, FlowUsage, SaveDraftResult } from '../types.ts';
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
  const get = (id: string) => c.flows.findOne<FlowRecord>({ id }, withoutId);
  const usage = async (flowId: string): Promise<FlowUsage> => {
    const [environments, bindings] = await Promise.all([
      c.environments.find<EnvironmentPointer>({ flowId }, withoutId).sort({ name: 1 }).toArray(),
      c.bindings.find<Binding>({ flowId }, withoutId).sort({ channel: 1, address: 1 }).toArray(),
    ]);
    return { environments, bindings };
  };
  const isLive = (u: FlowUsage) => u.environments.length > 0 || u.bindings.length > 0;

  async function remove(id: string): Promise<boolean> {
    const { deletedCount } = await c.flows.deleteOne({ id });
    await Promise.all([
      c.drafts.deleteMany({ flowId: id }),
      c.versions.deleteMany({ flowId: id }),
      c.versionCounters.deleteMany({ flowId: id }),
      c.environments.deleteMany({ flowId: id }),
      c.bindings.deleteMany({ flowId: id }),
    ]);
    return deletedCount > 0;
  }

  /**
   * Without a transaction: check, mark, then check again. A pointer or binding added between
   * the first check and the mark is seen by the second and the mark is undone; after the mark,
   * the services refuse new ones for an archived flow.
   */
  async function archive(id: string, at: string, by: string): Promise<ArchiveFlowResult> {
    const flow = await get(id);
    if (!flow) return { ok: false, reason: 'notFound' };
    if (flow.archivedAt) return { ok: false, reason: 'archived', flow };
    const before = await usage(id);
    if (isLive(before)) return { ok: false, reason: 'live', ...before };
    const marked = await c.flows.findOneAndUpdate({ id, archivedAt: { $exists: false } }, { $set: { archivedAt: at, archivedBy: by } }, { returnDocument: 'after', ...withoutId });
    if (!marked) {
      const now = await get(id);
      return now ? { ok: false, reason: 'archived', flow: now } : { ok: false, reason: 'notFound' };
    }
    const after = await usage(id);
    if (isLive(after)) {
      await c.flows.updateOne({ id, archivedAt: at }, { $unset: { archivedAt: '', archivedBy: '' } });
      return { ok: false, reason: 'live', ...after };
    }
    return { ok: true, flow: marked as FlowRecord };
  }

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
    get,
    remove,
    archive,
    async unarchive(id: string): Promise<FlowRecord | null> {
      const flow = await c.flows.findOneAndUpdate({ id, archivedAt: { $exists: true } }, { $unset: { archivedAt: '', archivedBy: '' } }, { returnDocument: 'after', ...withoutId });
      return (flow as FlowRecord | null) ?? null;
    },
    async purge(before: string): Promise<FlowRecord[]> {
      const expired = await c.flows.find<FlowRecord>({ archivedAt: { $lt: before } }, withoutId).sort({ archivedAt: 1, id: 1 }).toArray();
      for (const flow of expired) await remove(flow.id);
      return expired;
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
