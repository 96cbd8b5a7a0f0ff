import type { Flow } from '../../schema/flow.ts';

/**
 * The ids of the nodes that send a request out (`http` look-ups), whether they name a backend or
 * an address: what a version could ask the operator's systems. A backend the server does not
 * configure today counts too, since configuring it later would make the version call it without
 * anyone looking again.
 */
export function lookupNodes(flow: Pick<Flow, 'nodes'>): string[] {
  return flow.nodes.filter((n) => n.type === 'http').map((n) => n.id);
}
