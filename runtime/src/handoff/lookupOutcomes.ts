import type { ContactFlow, ContactLookup, Flow, HandoffContact, JsonValue } from '@griot/flows';
import type { Transcript, TranscriptLookup } from '../store/types.ts';

/**
 * How each look-up (HTTP node) the caller went through before the handover went, from the
 * session's transcript: the branch the node took and the HTTP status, or `misconfigured` for one
 * Griot could not send (the turn's look-up report says so) — the transcript keeps no
 * body (maskInput), so nothing the operator's system answered reaches the agent. By node id, the
 * last time it ran; only the transcript the contact came from, up to the handover.
 */
export function lookupOutcomes(contact: HandoffContact, transcript: Transcript | null, flow?: Flow | null): Map<string, ContactLookup> {
  // The handover: when the subscriber first asked (a transfer moves `enqueuedAt` to its own time).
  const askedAt = contact.firstEnqueuedAt ?? contact.enqueuedAt;
  const outcomes = new Map<string, ContactLookup>();
  if (!transcript || transcript.startedAt > askedAt) return outcomes;
  let waitingAt: string | undefined;
  for (const turn of transcript.turns) {
    if (turn.at > askedAt && !turn.effects.includes('handoff')) break;
    // A look-up answered after its turn: the turn it finished began with its answer (its status).
    let answered = waitingAt === undefined ? undefined : lookupOf(turn.input, notFoundStatuses(flow, waitingAt));
    if (answered && waitingAt !== undefined) outcomes.set(waitingAt, answered);
    // The look-ups the turn ran, in order: one answered within its turn (a fast backend) left no
    // answer in any turn's input, only its report. A look-up Griot could not send (its own
    // configuration: a secret unset, a backend without an address) takes the error branch, but its
    // report says why: the agent reads `misconfigured`, as transcripts, metrics and the simulator
    // say, not that the operator's system failed.
    for (const report of turn.lookups ?? []) {
      if (answered && report.node === waitingAt) {
        // The answer read above (with its status), unless the report says it was never sent.
        answered = undefined;
        if (report.outcome !== 'misconfigured') continue;
      }
      const lookup = reportLookup(report);
      if (lookup) outcomes.set(report.node, lookup);
    }
    waitingAt = turn.nodes.at(-1) ?? waitingAt;
    if (turn.at > askedAt) break;
  }
  return outcomes;
}

/** The path with each look-up's outcome beside its node. */
export function withLookups(flow: ContactFlow, outcomes: Map<string, ContactLookup>): ContactFlow {
  if (outcomes.size === 0) return flow;
  return { ...flow, path: flow.path.map((node) => (outcomes.has(node.id) ? { ...node, lookup: outcomes.get(node.id) as ContactLookup } : node)) };
}

function notFoundStatuses(flow: Flow | null | undefined, nodeId: string): number[] {
  const node = flow?.nodes.find((n) => n.id === nodeId);
  return node?.type === 'http' ? node.notFoundStatuses : [404];
}

/**
 * A look-up's outcome from the turn's report (an http node's; an intent node's model is no look-up
 * the path names, unless it was never sent): `timeout` and an HTTP status read off its cause.
 */
function reportLookup(report: TranscriptLookup): ContactLookup | undefined {
  if (report.outcome === 'misconfigured') return { outcome: 'misconfigured' };
  if (report.backend === 'model') return undefined;
  if (report.outcome !== 'error') return { outcome: report.outcome };
  if (report.cause === 'timeout') return { outcome: 'timeout' };
  const status = /^http (\d{3})$/.exec(report.cause ?? '')?.[1];
  return status === undefined ? { outcome: 'error' } : { outcome: 'error', status: Number(status) };
}

/** The node's branch for a look-up answer as the transcript keeps it (`{ type: 'webhook', outcome, status }`), as the HTTP node picks it. */
function lookupOf(input: JsonValue, notFound: number[]): ContactLookup | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input) || input.type !== 'webhook') return undefined;
  const status = typeof input.status === 'number' ? input.status : undefined;
  const withStatus = (outcome: ContactLookup['outcome']): ContactLookup => (status === undefined ? { outcome } : { outcome, status });
  if (input.outcome === 'timeout') return withStatus('timeout');
  if (input.outcome === 'error' || status === undefined) return withStatus('error');
  if (notFound.includes(status)) return withStatus('notFound');
  return withStatus(status >= 200 && status <= 299 ? 'ok' : 'error');
}
