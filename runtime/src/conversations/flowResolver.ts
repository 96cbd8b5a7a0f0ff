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

const DRAFT_CACHE_LIMIT = 200;
const VERSION_CACHE_LIMIT = 500;

/**
 * Reads flows from the store and parses (migrates) them once, caching the parsed document by
 * its content hash. A turn reads only the hash (one small indexed read) and the document only
 * when that content was never parsed here: a draft edit is picked up at the next turn, and a
 * flow purged and created again under the same id (its version numbers start over with other
 * documents) is never run from what this or any other instance had cached under those numbers.
 * The parsed object is reused, which also lets the interpreter reuse its compiled look-up tables.
 */
export function createFlowResolver(store: Store): LoadFlow {
  const versions = new Map<string, Promise<Flow | null>>();
  const drafts = new Map<string, Flow>();

  const loadVersion = async (flowId: string, number: number): Promise<Flow | null> => {
    const hash = await store.getVersionHash(flowId, number);
    if (!hash) return null;
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

  return async (flowId, source) => {
    if (source === 'draft') {
      // Only the hash is read on a turn; the document only when the draft changed.
      const hash = await store.getDraftHash(flowId);
      if (!hash) return null;
      const key = `${flowId}\u0000${hash}`;
      let flow = drafts.get(key);
      if (!flow) {
        const draft = await store.getDraft(flowId);
        if (!draft) return null;
        flow = parseStored(draft.document, `${flowId} draft`);
        if (drafts.size >= DRAFT_CACHE_LIMIT) drafts.clear();
        // Keyed by the hash of what was read: a save in between is picked up at the next turn.
        drafts.set(`${flowId}\u0000${draft.hash}`, flow);
      }
      return { flow, version: null };
    }
    let number: number;
    if (typeof source === 'object') {
      number = source.version;
    } else {
      const pointer = await store.getEnvironment(flowId, source);
      if (!pointer) return null;
      number = pointer.version;
    }
    const flow = await loadVersion(flowId, number);
    return flow ? { flow, version: number } : null;
  };
}

/** Stored documents were valid when saved; one that no longer parses is a bug or a damaged store. */
function parseStored(document: unknown, what: string): Flow {
  const parsed = parseFlow(document);
  if (!parsed.ok) throw new Error(`stored flow ${what} does not parse: ${parsed.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.flow;
}
