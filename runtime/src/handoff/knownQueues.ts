import type { Flow } from '@griot/flows';
import type { HandoffService } from './HandoffService.ts';
import { handoffQueueNames } from './handoffQueueNames.ts';

/** The queues agents may transfer to (and the agent app lists). */
export interface KnownQueues {
  /** Configured queues, and the queues live flows' handoff nodes can hand over to (handoffQueueNames). */
  names: string[];
}

/**
 * Where queues are known: the supervisor's settings, and the handoff nodes of every live flow's
 * draft and of the versions its environments run (a template only for the names it can expand
 * to). A name none of them knows is a typo, not a new queue: a contact moved there would wait
 * with nobody to answer. Contacts waiting somewhere are no reason: a queue may hold them only
 * because someone transferred them there (before this check, or from a template that matched
 * anything); a queue a retired version still has contacts in is known once its settings are saved.
 */
export async function knownQueues(handoff: HandoffService): Promise<KnownQueues> {
  const { store } = handoff;
  const [settings, flows] = await Promise.all([store.listQueueSettings(), store.listFlows()]);
  const documents = await Promise.all(
    flows
      .filter((flow) => !flow.archivedAt)
      .map(async (flow) => {
        const [draft, environments] = await Promise.all([store.getDraft(flow.id), store.getEnvironments(flow.id)]);
        const versions = await Promise.all([...new Set(environments.map((e) => e.version))].map((n) => store.getVersion(flow.id, n)));
        return [draft?.document, ...versions.map((v) => v?.document)].filter((d): d is Flow => d !== undefined);
      }),
  );
  const names = new Set([...settings.map((s) => s.queue), ...documents.flat().flatMap(handoffQueueNames)]);
  return { names: [...names].sort((a, b) => a.localeCompare(b)) };
}

/** Whether `queue` is one of the known queues. */
export function isKnownQueue(known: KnownQueues, queue: string): boolean {
  return known.names.includes(queue);
}
