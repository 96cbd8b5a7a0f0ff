import type { Flow } from '@griot/flows';
import type { FlowRecord, Store } from '../store/types.ts';
import type { HandoffService } from './HandoffService.ts';
import { handoffQueueNames, MAX_QUEUE_NAMES_PER_DRAFT } from './handoffQueueNames.ts';

/** The queues agents may transfer to (and the agent app lists). */
export interface KnownQueues {
  /** Configured queues, and the queues live flows' handoff nodes can hand over to (handoffQueueNames). */
  names: string[];
}

/** Past this many documents remembered, the memory starts over (flows edited all day). */
const REMEMBERED_MAX = 2_000;

/**
 * The queue names of each document read, by something that names its content: a draft by its
 * content hash, a version by flow, flow creation and number (a version never changes; a flow
 * purged and created again under the same id has another creation time). Per store: a document
 * saved, published, promoted or archived on any instance sharing it changes what is read next.
 */
const remembered = new WeakMap<Store, Map<string, string[]>>();

/**
 * Where queues are known: the supervisor's settings, and the handoff nodes of every live flow's
 * draft and of the versions its environments run (liveFlowQueues). A name none of them knows is a
 * typo, not a new queue: a contact moved there would wait with nobody to answer. Contacts waiting
 * somewhere are no reason: a queue may hold them only because someone transferred them there
 * (before this check, or from a template that matched anything); a queue a retired version still
 * has contacts in is known once its settings are saved.
 *
 * Read on every wallboard poll and agent queue list: see liveFlowQueues for its cost.
 */
export async function knownQueues(handoff: Pick<HandoffService, 'store'>): Promise<KnownQueues> {
  const { store } = handoff;
  const [settings, perFlow] = await Promise.all([store.listQueueSettings(), liveFlowQueues(store)]);
  const all = new Set([...settings.map((s) => s.queue), ...perFlow.flatMap((flow) => flow.names)]);
  return { names: [...all].sort((a, b) => a.localeCompare(b)) };
}

/** The queues one live flow's handoff nodes can hand over to. */
export interface FlowQueues {
  flow: FlowRecord;
  names: string[];
}

/**
 * The queues each live (not archived) flow hands over to: its draft's first
 * `MAX_QUEUE_NAMES_PER_DRAFT` names, and those of the versions its environments run: all the names
 * of a version production runs, ran or a publisher vetted there (a publisher put it there, and
 * callers are sent to its queues), the first `MAX_QUEUE_NAMES_PER_DRAFT` of one only staging runs
 * (an editor may put any version there), a template only for the names it can expand to.
 *
 * What knownQueues and the handoff inspector's shared queues (sharedQueues) both read: each flow
 * costs two small reads (its draft's hash, its environment pointers); a document is read and
 * walked only the first time it is seen.
 */
export async function liveFlowQueues(store: Store): Promise<FlowQueues[]> {
  let names = remembered.get(store);
  if (!names) remembered.set(store, (names = new Map()));
  if (names.size > REMEMBERED_MAX) names.clear();
  const known = names;
  // `read` gives the document with its own key: a draft saved between its hash's read and its own is remembered as what it is.
  const namesOf = async (key: string, read: () => Promise<{ key: string; document: Flow } | null>, limit?: number): Promise<string[]> => {
    const cached = known.get(key);
    if (cached) return cached;
    const found = await read();
    if (!found) return [];
    const queues = handoffQueueNames(found.document, { limit });
    known.set(found.key, queues);
    return queues;
  };
  const flows = (await store.listFlows()).filter((flow) => !flow.archivedAt);
  return Promise.all(
    flows.map(async (flow) => {
      const [draftHash, environments] = await Promise.all([store.getDraftHash(flow.id), store.getEnvironments(flow.id)]);
      const versions = [...new Set(environments.map((e) => e.version))];
      // A publisher put these in production (or ran them there) or in staging: whole. A version
      // only staging runs, put there by an editor, may be an editor's alone (docs/api.md: an
      // editor points staging at any version calling no backend): capped like a draft.
      const vetted = new Set(environments.flatMap((e) => (e.name === 'production' ? [e.version, ...e.history, ...(e.vetted ?? [])] : (e.vetted ?? []))));
      const lists = await Promise.all([
        draftHash
          ? namesOf(
              `draft:${draftHash}`,
              async () => {
                const draft = await store.getDraft(flow.id);
                return draft ? { key: `draft:${draft.hash}`, document: draft.document } : null;
              },
              MAX_QUEUE_NAMES_PER_DRAFT,
            )
          : [],
        ...versions.map((n) => {
          const whole = vetted.has(n);
          const key = `version:${flow.id}:${flow.createdAt}:${n}:${whole ? 'all' : 'capped'}`;
          return namesOf(
            key,
            async () => {
              const version = await store.getVersion(flow.id, n);
              return version ? { key, document: version.document } : null;
            },
            whole ? undefined : MAX_QUEUE_NAMES_PER_DRAFT,
          );
        }),
      ]);
      return { flow, names: [...new Set(lists.flat())] };
    }),
  );
}

/** Whether `queue` is one of the known queues. */
export function isKnownQueue(known: KnownQueues, queue: string): boolean {
  return known.names.includes(queue);
}
