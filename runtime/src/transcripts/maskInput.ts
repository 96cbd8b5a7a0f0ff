import { definitionOf, MASK, type Flow, type FlowEvent, type FlowNode, type JsonValue } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';

/** Whether the node stores what it receives in a sensitive variable (a PUK, a PIN, an account number). */
export function nodeWritesSensitive(flow: Flow, node: FlowNode | undefined): boolean {
  if (!node) return false;
  const sensitive = sensitiveNamesOf(flow);
  if (sensitive.size === 0) return false;
  const writes = (definitionOf(node).writes as ((n: FlowNode) => string[]) | undefined)?.(node) ?? [];
  return writes.some((name) => sensitive.has(name));
}

/**
 * The event as a transcript may keep it. What the caller typed or said at a node that writes a
 * sensitive variable becomes `•••`; a look-up answer keeps only its outcome and status (its body
 * is the operator's data, often the very secret asked for).
 */
export function maskInput(flow: Flow, waitingNodeId: string | undefined, event: FlowEvent): JsonValue {
  const node = waitingNodeId === undefined ? undefined : flow.nodes.find((n) => n.id === waitingNodeId);
  const masked = nodeWritesSensitive(flow, node);
  switch (event.type) {
    case 'digits':
      return { type: 'digits', digits: masked ? MASK : event.digits };
    case 'text':
      return { type: 'text', text: masked ? MASK : event.text };
    case 'speech':
      return { type: 'speech', text: masked ? MASK : event.text, confidence: event.confidence };
    case 'choice':
      return { type: 'choice', option: masked ? MASK : event.option };
    case 'webhook':
      return event.status === undefined ? { type: 'webhook', outcome: event.outcome } : { type: 'webhook', outcome: event.outcome, status: event.status };
    case 'handoff':
      return { type: 'handoff', outcome: event.outcome };
    case 'classification':
      // Which intent, not the slots: they are values taken from the caller's words.
      return { type: 'classification', outcome: event.outcome, ...(event.intent !== undefined ? { intent: event.intent } : {}) };
    default:
      return { type: event.type };
  }
}
