import type { Flow } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import { handoffQueueNames, MAX_QUEUE_NAMES_PER_DRAFT } from '../handoff/handoffQueueNames.ts';
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
 * the saved draft (the designer saves as one edits) and the versions the others' environments run.
 */
export async function sharedQueues(ctx: ServiceContext, flowId: string): Promise<SharedQueue[]> {
  const draft = await requireDraft(ctx, flowId);
  const handoffs = draft.document.nodes.filter((node) => node.type === 'handoff');
  if (handoffs.length === 0) return [];
  const others = (await ctx.store.listFlows()).filter((flow) => flow.id !== flowId && !flow.archivedAt);
  const usedBy = new Map<string, { id: string; name: string }[]>();
  await Promise.all(
    others.map(async (flow) => {
      const [otherDraft, environments] = await Promise.all([ctx.store.getDraft(flow.id), ctx.store.getEnvironments(flow.id)]);
      const versions = await Promise.all([...new Set(environments.map((e) => e.version))].map((n) => ctx.store.getVersion(flow.id, n)));
      const documents = [otherDraft?.document, ...versions.map((v) => v?.document)].filter((d): d is Flow => !!d);
      for (const queue of new Set(documents.flatMap((document) => handoffQueueNames(document, { limit: MAX_QUEUE_NAMES_PER_DRAFT })))) {
        const list = usedBy.get(queue) ?? [];
        list.push({ id: flow.id, name: flow.name });
        usedBy.set(queue, list);
      }
    }),
  );
  const shared: SharedQueue[] = [];
  for (const node of handoffs) {
    // This node alone (the other nodes kept: a variable's values come from its `set` nodes).
    const alone = { ...draft.document, nodes: draft.document.nodes.filter((n) => n.type !== 'handoff' || n.id === node.id) };
    for (const queue of handoffQueueNames(alone)) {
      const flows = usedBy.get(queue);
      if (flows) shared.push({ nodeId: node.id, queue, flows: [...flows].sort((a, b) => a.name.localeCompare(b.name)).slice(0, FLOWS_NAMED_MAX) });
    }
  }
  return shared;
}
