import { parseFlow, type Flow } from '@griot/flows';
import type { Store } from '../store/types.ts';

/** Which document of a flow a conversation runs. */
export type FlowSource = 'draft' | 'staging' | 'production' | { version: number };

export interface ResolvedFlow {
  flow: Flow;
  /** The published version number, or null for the draft. */
  version: number | null;
}

/** Turns (flowId, source) into a parsed flow; null when the flow, version or environment is unset. */
export type LoadFlow = (flowId: string, source: FlowSource) => Promise<ResolvedFlow | null>;

/** Loads flows by (flowId, source), and by a content hash already read (`Store.readEntry`). */
export interface FlowResolver extends LoadFlow {
  /**
   * The parsed document of a version (`number` null: the draft) whose content hash the caller
   * just read: from the cache, else read and parsed. Null when that version no longer has that
   * hash (published again or purged in between) or the draft is gone.
   */
  byHash(flowId: string, number: number | null, hash: string): Promise<Flow | null>;
}

const DRAFT_CACHE_LIMIT = 200;
const VERSION_CACHE_LIMIT = 500;

/**
 * Reads flows from the store and parses (migrates) them once, caching the parsed document by
 * its content hash. A turn reads only the hash (one small indexed read; a new contact's start
 * reads it with its entry, `Store.readEntry`, and passes it to `byHash`) and the document only
 * when that content was never parsed here: a draft edit is picked up at the next turn, and a
 * flow purged and created again under the same id (its version numbers start over with other
 * documents) is never run from what this or any other instance had cached under those numbers.
 * The parsed object is reused, which also lets the interpreter reuse its compiled look-up tables.
 */
export function createFlowResolver(store: Store): FlowResolver {
  const versions = new Map<string, Promise<Flow | null>>();
  const drafts = new Map<string, Flow>();

  const versionByHash = (flowId: string, number: number, hash: string): Promise<Flow | null> => {
    const key = `${flowId}\u0000${hash}`;
    let cached = versions.get(key);
    if (!cached) {
      // Keyed by the hash of the document read (a version re-published in between is read next time).
      cached = store.getVersion(flowId, number).then((v) => (v && v.hash === hash ? parseStored(v.document, `${flowId} version ${number}`) : null));
      if (versions.size >= VERSION_CACHE_LIMIT) versions.clear();
      versions.set(key, cached);
      // A miss (gone meanwhile) or a failed read must not stick in the cache.
      cached.then(
        (flow) => (flow ? undefined : versions.delete(key)),
        () => versions.delete(key),
      );
    }
    return cached;
  };

  const draftByHash = async (flowId: string, hash: string): Promise<Flow | null> => {
    const flow = drafts.get(`${flowId}\u0000${hash}`);
    if (flow) return flow;
    const draft = await store.getDraft(flowId);
    if (!draft) return null;
    const parsed = parseStored(draft.document, `${flowId} draft`);
    if (drafts.size >= DRAFT_CACHE_LIMIT) drafts.clear();
    // Keyed by the hash of what was read: a save in between is picked up at the next turn.
    drafts.set(`${flowId}\u0000${draft.hash}`, parsed);
    return parsed;
  };

  const load: LoadFlow = async (flowId, source) => {
    if (source === 'draft') {
      // Only the hash is read on a turn; the document only when the draft changed.
      const hash = await store.getDraftHash(flowId);
      const flow = hash ? await draftByHash(flowId, hash) : null;
      return flow ? { flow, version: null } : null;
    }
    let number: number;
    if (typeof source === 'object') {
      number = source.version;
    } else {
      const pointer = await store.getEnvironment(flowId, source);
      if (!pointer) return null;
      number = pointer.version;
    }
    const hash = await store.getVersionHash(flowId, number);
    const flow = hash ? await versionByHash(flowId, number, hash) : null;
    return flow ? { flow, version: number } : null;
  };

  return Object.assign(load, {
    byHash: (flowId: string, number: number | null, hash: string) => (number === null ? draftByHash(flowId, hash) : versionByHash(flowId, number, hash)),
  });
}

/** Stored documents were valid when saved; one that no longer parses is a bug or a damaged store. */
function parseStored(document: unknown, what: string): Flow {
  const parsed = parseFlow(document);
  if (!parsed.ok) throw new Error(`stored flow ${what} does not parse: ${parsed.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.flow;
}
