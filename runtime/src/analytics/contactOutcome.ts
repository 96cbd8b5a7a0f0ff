import type { Flow, Session } from '@griot/flows';
import type { ContactOutcome, HandoffProgress } from '../store/types.ts';

const lastNodeTypes = new WeakMap<Flow, Map<string, string>>();
function typeOf(flow: Flow, id: string | undefined): string | undefined {
  let types = lastNodeTypes.get(flow);
  if (!types) lastNodeTypes.set(flow, (types = new Map(flow.nodes.map((n) => [n.id, n.type]))));
  return id === undefined ? undefined : types.get(id);
}

/** Outputs that end a contact on a failure: a look-up failed or timed out. */
const FAILED = new Set(['error', 'timeout']);
/** Outputs that end it because the caller stopped answering or never gave a usable answer. */
const GAVE_UP = new Set(['noInput', 'noMatch', 'invalid']);

/**
 * How a contact ended, counted so that it cannot flatter: contained only when the flow itself
 * reached an end node and the contact never asked for an agent. An end node reached after a
 * failed look-up that nothing answered since (`lookupFailed`), or straight from a failed step
 * (`error`, `timeout` outputs in the last turn), is an error; one reached straight from give-ups
 * (`noInput`, `noMatch`, `invalid`) is abandoned. A contact still waiting for an
 * agent when it ended was abandoned in the queue, unless an agent had it (`agentHadIt`: an agent
 * closed it, or took it before the caller hung up).
 */
export function contactOutcome(flow: Flow, session: Session, handoff: HandoffProgress | undefined, agentHadIt: boolean, lastOutputs: string[], lookupFailed = false): ContactOutcome {
  switch (handoff) {
    case 'callback':
      return 'callback';
    case 'answered':
    case 'continued':
      return 'transferred';
    case 'unavailable':
      return 'noAgent';
    case 'asked':
    case 'queued':
      return agentHadIt ? 'transferred' : 'abandoned';
    case undefined:
      break;
  }
  if (session.endReason === 'error') return 'error';
  const atEndNode = typeOf(flow, session.path[session.path.length - 1]) === 'end';
  const interrupted = session.endReason === 'hangup' || session.endReason === 'abandoned';
  if (!atEndNode || interrupted) return 'abandoned';
  if (lookupFailed || lastOutputs.some((o) => FAILED.has(o))) return 'error';
  if (lastOutputs.some((o) => GAVE_UP.has(o))) return 'abandoned';
  return 'contained';
}
