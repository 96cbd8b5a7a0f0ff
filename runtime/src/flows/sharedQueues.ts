import type { ServiceContext } from '../context.ts';
import { handoffQueueNames } from '../handoff/handoffQueueNames.ts';
import { liveFlowQueues } from '../handoff/knownQueues.ts';
import { requireDraft } from './flowQueries.ts';

/** A queue this flow's handoff node hands over to that other live flows hand over to too. */
export interface SharedQueue {
  nodeId: string;
  queue: string;
  /** The other flows, by name (their draft or a version their staging or production runs). */
  flows: { id: string; name: string }[];
}

/** Past this many, the rest are not named: the inspector says « and others ». */
const FLOWS_NAMED_MAX = 10;

/**
 * The queues a flow's handoff nodes share with other live flows: a second line made from the
 * « Service client » template hands over to `support-{{caller.locale}}`, the very queues of the
 * first line, and the agents there receive both lines' callers. A template counts for the names
 * it expands to (handoffQueueNames), with this flow's languages and the other flow's. Read from
 * the saved draft (the designer saves as one edits); the other flows' queues are those that make
 * them known to agents (liveFlowQueues, as knownQueues reads them: a draft's and a staging-only
 * version's first 200, all of a version production runs, ran or a publisher vetted).
 */
export async function sharedQueues(ctx: ServiceContext, flowId: string): Promise<SharedQueue[]> {
  const draft = await requireDraft(ctx, flowId);
  const handoffs = draft.document.nodes.filter((node) => node.type === 'handoff');
  if (handoffs.length === 0) return [];
  // The walk knownQueues does, remembered per document: a call reads no other flow's document unless it changed.
  // Sorted by name once: each queue's list is built in that order (not sorted again per queue shared).
  const others = (await liveFlowQueues(ctx.store)).filter(({ flow }) => flow.id !== flowId).sort((a, b) => a.flow.name.localeCompare(b.flow.name));
  const usedBy = new Map<string, { id: string; name: string }[]>();
  for (const { flow, names } of others) {
    for (const queue of names) {
      const list = usedBy.get(queue) ?? [];
      list.push({ id: flow.id, name: flow.name });
      usedBy.set(queue, list);
    }
  }
  const shared: SharedQueue[] = [];
  for (const node of handoffs) {
    // This node alone (the other nodes kept: a variable's values come from its `set` nodes).
    const alone = { ...draft.document, nodes: draft.document.nodes.filter((n) => n.type !== 'handoff' || n.id === node.id) };
    for (const queue of handoffQueueNames(alone)) {
      const flows = usedBy.get(queue);
      if (flows) shared.push({ nodeId: node.id, queue, flows: flows.slice(0, FLOWS_NAMED_MAX) });
    }
  }
  return shared;
}
