import type { ClientSession } from 'mongodb';
import type { Flow } from '@griot/flows';
import type { ArchiveFlowResult, Binding, Draft, EnvironmentPointer, FlowRecord, FlowUsage, SaveDraftResult } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { flowFields, withoutId } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { inSession, type MongoUnitOfWork } from './mongoTransactions.ts';
import { bindingOf } from './bindingDocuments.ts';
import { removeFlowAudio } from './audioDocuments.ts';

/**
 * A draft left without its flow younger than this is taken for a creation in progress on
 * another instance, not for what a crashed creation left (which a new creation replaces).
 */
export const ORPHAN_DRAFT_MS = 60_000;

/** What a creation does once the id is its own, before the flow is seen (MongoStore.createFlow: removes what a copy cut short left under it). */
type Claimed = (session?: ClientSession) => Promise<unknown>;

/** Flow documents are user JSON (test fixtures, request headers) whose field names MongoDB may refuse. */
export const storedDraft = (draft: Draft): Draft => ({ ...draft, document: encodeKeys(draft.document) });
const readDraft = (draft: Draft | null): Draft | null => (draft ? { ...draft, document: decodeKeys(draft.document) } : null);

/**
 * Flows and drafts. On a replica set, creating and removing a flow are one transaction each.
 * Without one, each step is a single-document atomic operation, ordered so an interruption
 * leaves nothing a reader would misread: the draft is written before its flow (a flow never
 * exists without a draft, which would refuse every save), and a flow is removed after what hangs
 * off it (routing first: bindings and environment pointers), so a purge cut short leaves the
 * archived flow, which the next purge finishes, never versions or bindings of no flow that
 * still route calls.
 */
export function createMongoFlows(c: MongoCollections, work: MongoUnitOfWork) {
  const getDraft = async (flowId: string) => readDraft(await c.drafts.findOne<Draft>({ flowId }, withoutId));
  const get = (id: string) => c.flows.findOne<FlowRecord>({ id }, flowFields);
  const usage = async (flowId: string): Promise<FlowUsage> => {
    const [environments, bindings] = await Promise.all([
      c.environments.find<EnvironmentPointer>({ flowId }, withoutId).sort({ name: 1 }).toArray(),
      c.bindings.find<Binding>({ flowId }, withoutId).sort({ channel: 1, address: 1 }).toArray(),
    ]);
    return { environments, bindings: bindings.map(bindingOf) };
  };
  const isLive = (u: FlowUsage) => u.environments.length > 0 || u.bindings.length > 0;

  /** Dependants first, routing first among them, the flow record last (see above). */
  async function removeParts(id: string, session: ClientSession | undefined): Promise<boolean> {
    const options = inSession(session);
    await c.bindings.deleteMany({ flowId: id }, options);
    await c.environments.deleteMany({ flowId: id }, options);
    await c.versions.deleteMany({ flowId: id }, options);
    await c.versionCounters.deleteMany({ flowId: id }, options);
    await c.drafts.deleteMany({ flowId: id }, options);
    await removeFlowAudio(c, id, session);
    return (await c.flows.deleteOne({ id }, options)).deletedCount > 0;
  }
  const remove = (id: string): Promise<boolean> => work.run((session) => removeParts(id, session));

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
    const marked = await c.flows.findOneAndUpdate({ id, archivedAt: { $exists: false } }, { $set: { archivedAt: at, archivedBy: by } }, { returnDocument: 'after', ...flowFields });
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

  /** Without a transaction: the draft first, then the flow, whose unique id decides between two creations. */
  async function createInOrder(flow: FlowRecord, draft: Draft, claimed?: Claimed): Promise<boolean> {
    const placed = await c.drafts.updateOne({ flowId: flow.id }, { $setOnInsert: storedDraft(draft) }, { upsert: true });
    if (placed.upsertedCount === 0) {
      // A draft is there already: its flow's, one being created, or one a crashed creation left.
      if (await get(flow.id)) return false;
      const orphan = await c.drafts.findOne({ flowId: flow.id }, { projection: { _id: 1, updatedAt: 1 } });
      if (!orphan) return createInOrder(flow, draft, claimed);
      if (Date.parse(draft.updatedAt) - Date.parse(orphan.updatedAt) < ORPHAN_DRAFT_MS) return false;
      const replaced = await c.drafts.replaceOne({ _id: orphan._id, updatedAt: orphan.updatedAt }, storedDraft(draft));
      if (replaced.matchedCount === 0) return false;
    }
    // The id is this creation's now (its draft holds it, no flow yet): nobody sees what runs here.
    await claimed?.();
    try {
      // Copies: the driver adds `_id` to the object it inserts.
      await c.flows.insertOne({ ...flow });
    } catch (error) {
      // Another creation won the id (or a flow from before drafts came first had lost its draft: it has one now).
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    return true;
  }

  return {
    /** `claimed` runs once the id is this creation's and before anyone sees the flow (in the transaction when there is one). */
    async create(flow: FlowRecord, draft: Draft, claimed?: Claimed): Promise<boolean> {
      if (!work.transactions) return createInOrder(flow, draft, claimed);
      try {
        await work.run(async (session) => {
          await c.flows.insertOne({ ...flow }, inSession(session));
          await c.drafts.replaceOne({ flowId: draft.flowId }, storedDraft(draft), { upsert: true, ...inSession(session) });
          await claimed?.(session);
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    list: (options: { session?: ClientSession } = {}) =>
      c.flows
        .find<FlowRecord>({}, { ...flowFields, ...options })
        .sort({ id: 1 })
        .toArray(),
    get,
    remove,
    archive,
    async unarchive(id: string): Promise<FlowRecord | null> {
      const flow = await c.flows.findOneAndUpdate({ id, archivedAt: { $exists: true } }, { $unset: { archivedAt: '', archivedBy: '' } }, { returnDocument: 'after', ...flowFields });
      return (flow as FlowRecord | null) ?? null;
    },
    async purge(before: string): Promise<FlowRecord[]> {
      const expired = await c.flows
        .find<FlowRecord>({ archivedAt: { $lt: before } }, flowFields)
        .sort({ archivedAt: 1, id: 1 })
        .toArray();
      for (const flow of expired) await remove(flow.id);
      return expired;
    },
    getDraft,
    async getDraftHash(flowId: string): Promise<string | null> {
      const found = await c.drafts.findOne<{ hash: string }>({ flowId }, { projection: { _id: 0, hash: 1 } });
      return found?.hash ?? null;
    },
    /**
     * The revision is in the filter: of two saves on one revision, only the first matches. The
     * flow takes the document's name only from a newer revision than the one it has its name
     * from (`nameRevision`): two saves racing never leave the older name.
     */
    async save(flowId: string, expected: number, document: Flow, hash: string, by: string, at: string): Promise<SaveDraftResult> {
      const saved = await work.run(async (session) => {
        const draft = await c.drafts.findOneAndUpdate(
          { flowId, revision: expected },
          { $set: { document: encodeKeys(document), hash, updatedAt: at, updatedBy: by }, $inc: { revision: 1 } },
          { returnDocument: 'after', ...withoutId, ...inSession(session) },
        );
        if (!draft) return null;
        await c.flows.updateOne(
          { id: flowId, $or: [{ nameRevision: { $exists: false } }, { nameRevision: { $lt: draft.revision } }] },
          { $set: { name: document.name, updatedAt: at, nameRevision: draft.revision } },
          inSession(session),
        );
        return draft;
      });
      if (saved) return { ok: true, draft: readDraft(saved as Draft)! };
      const current = await getDraft(flowId);
      return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'notFound' };
    },
    allDrafts: async (options: { session?: ClientSession } = {}) =>
      (
        await c.drafts
          .find<Draft>({}, { ...withoutId, ...options })
          .sort({ flowId: 1 })
          .toArray()
      ).map((d) => readDraft(d)!),
  };
}

export type MongoFlows = ReturnType<typeof createMongoFlows>;
