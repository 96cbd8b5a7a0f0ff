import type { Flow } from '@griot/flows';

/** Look-up nodes' outputs: failed, or answered (found or not). */
const LOOKUP_FAILED = new Set(['error', 'timeout']);
const LOOKUP_ANSWERED = new Set(['ok', 'notFound']);
const lookupExits = new WeakMap<Flow, Map<string, boolean>>();

/**
 * Whether the contact's look-ups stand failed after a turn: an http node's `error` or `timeout`
 * output sets it, its `ok` or `notFound` clears it. Kept on the record like the handoff progress.
 */
export function lookupFailedAfter(flow: Flow, current: boolean | undefined, edges: string[]): boolean | undefined {
  let exits = lookupExits.get(flow);
  if (!exits) {
    const lookups = new Set(flow.nodes.filter((n) => n.type === 'http').map((n) => n.id));
    exits = new Map();
    for (const edge of flow.edges) {
      if (!lookups.has(edge.source)) continue;
      if (LOOKUP_FAILED.has(edge.output)) exits.set(edge.id, true);
      if (LOOKUP_ANSWERED.has(edge.output)) exits.set(edge.id, false);
    }
    lookupExits.set(flow, exits);
  }
  let failed = current;
  for (const id of edges) {
    const outcome = exits.get(id);
    if (outcome !== undefined) failed = outcome;
  }
  return failed;
}
