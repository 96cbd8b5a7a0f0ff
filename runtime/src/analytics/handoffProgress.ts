import type { Flow } from '@griot/flows';
import type { HandoffProgress } from '../store/types.ts';

/** Among finished handoffs, the one that went further wins (an agent who took the contact stays so). */
const RANK: Record<HandoffProgress, number> = { asked: 0, queued: 0, unavailable: 1, answered: 2, continued: 2, callback: 3 };
const pending = (p: HandoffProgress) => p === 'asked' || p === 'queued';

/** The handoff node's output that says how the handoff ended. */
const BY_OUTPUT: Record<string, HandoffProgress> = { done: 'answered', continued: 'continued', callback: 'callback', unavailable: 'unavailable' };

/** The edges that leave handoff nodes, by id, once per parsed flow. */
const handoffExits = new WeakMap<Flow, Map<string, HandoffProgress>>();
function handoffExitsOf(flow: Flow): Map<string, HandoffProgress> {
  let exits = handoffExits.get(flow);
  if (!exits) {
    const handoffs = new Set(flow.nodes.filter((n) => n.type === 'handoff').map((n) => n.id));
    exits = new Map();
    for (const edge of flow.edges) {
      const progress = BY_OUTPUT[edge.output];
      if (handoffs.has(edge.source) && progress) exits.set(edge.id, progress);
    }
    handoffExits.set(flow, exits);
  }
  return exits;
}

/** What is known after `next`: news of a waiting handoff replaces it; a new request only replaces an unavailable one. */
function merge(current: HandoffProgress | undefined, next: HandoffProgress): HandoffProgress {
  if (current === undefined || pending(current)) return next;
  if (pending(next)) return current === 'unavailable' ? next : current;
  return RANK[next] >= RANK[current] ? next : current;
}

/**
 * Where the contact stands with agents after a turn: a handoff effect means it asked, a queued
 * admission that it waits, the handoff node's output how it ended. Kept on the session record,
 * so the contact's outcome is known when it ends without reading anything.
 */
export function handoffProgressAfter(flow: Flow, current: HandoffProgress | undefined, turn: { asked: boolean; queued: boolean; edges: string[] }): HandoffProgress | undefined {
  let progress = current;
  if (turn.asked) progress = merge(progress, 'asked');
  if (turn.queued) progress = merge(progress, 'queued');
  const exits = handoffExitsOf(flow);
  if (exits.size === 0) return progress;
  for (const id of turn.edges) {
    const ended = exits.get(id);
    if (ended) progress = merge(progress, ended);
  }
  return progress;
}
