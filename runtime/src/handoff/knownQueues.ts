import type { Flow } from '@griot/flows';
import type { HandoffService } from './HandoffService.ts';
import { queueTemplate, type QueueTemplate } from './queueTemplate.ts';

/** The queues agents may transfer to: names, and patterns from handoff nodes whose queue is a template. */
export interface KnownQueues {
  /** Configured queues, queues with open contacts, and the literal queues of the flows' handoff nodes. */
  names: string[];
  /** `support-{{caller.locale}}`: any non-empty text in place of each `{{…}}`. */
  patterns: QueueTemplate[];
}

const LOCALE = /\{\{\s*caller\.locale\s*\}\}/g;

/** The handoff nodes' queues, a `{{caller.locale}}` in them spelled out for each of the flow's languages. */
function handoffQueues(document: Flow): string[] {
  return document.nodes.flatMap((node) => {
    if (node.type !== 'handoff') return [];
    if (!node.queue.match(LOCALE)) return [node.queue];
    return [node.queue, ...document.locales.map((locale) => node.queue.replace(LOCALE, locale.code))];
  });
}

/**
 * Where queues are known: the supervisor's settings, the contacts open now, and the handoff nodes
 * of every live flow's draft and of the versions its environments run. A name none of them knows
 * is a typo, not a new queue: a contact moved there would wait with nobody to answer.
 */
export async function knownQueues(handoff: HandoffService): Promise<KnownQueues> {
  const { store } = handoff;
  const [settings, open, flows] = await Promise.all([store.listQueueSettings(), store.listHandoffContacts({ statuses: ['waiting', 'assigned'] }), store.listFlows()]);
  const documents = await Promise.all(
    flows
      .filter((flow) => !flow.archivedAt)
      .map(async (flow) => {
        const [draft, environments] = await Promise.all([store.getDraft(flow.id), store.getEnvironments(flow.id)]);
        const versions = await Promise.all([...new Set(environments.map((e) => e.version))].map((n) => store.getVersion(flow.id, n)));
        return [draft?.document, ...versions.map((v) => v?.document)].filter((d): d is Flow => d !== undefined);
      }),
  );
  const fromFlows = documents.flat().flatMap(handoffQueues);
  const templates = [...new Set(fromFlows.filter((q) => q.includes('{{')))];
  const names = new Set([...settings.map((s) => s.queue), ...open.map((c) => c.queue), ...fromFlows.filter((q) => !q.includes('{{'))]);
  return { names: [...names].sort((a, b) => a.localeCompare(b)), patterns: templates.map(queueTemplate) };
}

/** Whether `queue` is one of the known queues. */
export function isKnownQueue(known: KnownQueues, queue: string): boolean {
  return known.names.includes(queue) || known.patterns.some((p) => p.test(queue));
}
