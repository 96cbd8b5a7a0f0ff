import { definitionOf, MASK, type Flow, type FlowEvent, type FlowNode, type JsonValue, type Session } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { sensitiveValuesOf } from '../sensitive/holdsSensitiveValue.ts';

/** Whether the node stores what it receives in a sensitive variable (a PUK, a PIN, an account number). */
export function nodeWritesSensitive(flow: Flow, node: FlowNode | undefined): boolean {
  if (!node) return false;
  const sensitive = sensitiveNamesOf(flow);
  if (sensitive.size === 0) return false;
  const writes = (definitionOf(node).writes as ((n: FlowNode) => string[]) | undefined)?.(node) ?? [];
  return writes.some((name) => sensitive.has(name));
}

/**
 * Whether the node keeps the caller's answer itself in its variables, none of them sensitive (an
 * input node asking for an order or a callback number): the flow holds that answer in clear anyway.
 */
function storesAnswerInClear(flow: Flow, node: FlowNode | undefined): boolean {
  return node?.type === 'input' && !nodeWritesSensitive(flow, node);
}

/**
 * The event as a transcript may keep it. What the caller typed or said at a node that writes a
 * sensitive variable becomes `•••`. At an input node that keeps the answer in a variable that is
 * not sensitive (an order number, a callback number), the answer stays readable, only the
 * session's sensitive values masked: its variable holds it in clear, the transcript hiding it
 * would protect nothing, and the same number typed on the keypad stays too. What they wrote or
 * said anywhere else, to an agent (waiting at a handoff node) as to the bot (a menu, an intent's
 * question, whose words the flow does not keep), is kept as the agents' inbox keeps it once the
 * contact is closed (`maskMessageText`: the session's sensitive values, runs of 6 digits or more,
 * codes read out in French, English, Yoruba or Fon words masked); keys pressed, likewise at a
 * handoff only (a menu's `2` stays); a look-up answer keeps only its outcome and status (its body
 * is the operator's data, often the very secret asked for).
 */
export function maskInput(flow: Flow, waitingNodeId: string | undefined, event: FlowEvent, session?: Session): JsonValue {
  const node = waitingNodeId === undefined ? undefined : flow.nodes.find((n) => n.id === waitingNodeId);
  const masked = nodeWritesSensitive(flow, node);
  const toAgent = node?.type === 'handoff';
  const kept = (text: string) => (masked ? MASK : toAgent ? maskMessageText(text, session ? sensitiveValuesOf(flow, [session]) : []) : text);
  // Words are the caller's own anywhere: a code said at a menu or to the bot's question (« mon PUK c'est huit sept… ») is masked as an agent's inbox masks it.
  const codes = !storesAnswerInClear(flow, node);
  const words = (text: string) => (masked ? MASK : maskMessageText(text, session ? sensitiveValuesOf(flow, [session]) : [], { codes }));
  switch (event.type) {
    case 'digits':
      return { type: 'digits', digits: kept(event.digits) };
    case 'text':
      return { type: 'text', text: words(event.text) };
    case 'speech':
      return { type: 'speech', text: words(event.text), confidence: event.confidence };
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

/** Only digits, spaces and separators, with 4 digits or more: a PUK, a PIN, a card number. */
const SECRET_SHAPE = /^[\d\s.\-/]*$/;

/**
 * The message that opened a messaging contact, as a transcript (and the agent reading it) may
 * keep it. No node asked for it, yet it may answer the previous contact's question: a subscriber
 * slower than the inactivity timeout sends the PUK that contact asked for, and it opens a new one.
 * Masked when the previous contact was left at a node that writes a sensitive variable, or when it
 * has the shape of a secret code (useless to an agent in clear).
 */
export function maskOpening(opening: string, previous?: { flow: Flow; session: Session }): string {
  const text = opening.slice(0, 4096);
  const digits = text.replace(/\D/g, '').length;
  if (digits >= 4 && SECRET_SHAPE.test(text)) return MASK;
  if (previous) {
    const { flow, session } = previous;
    // Left waiting there, or ended (inactivity, replaced) while waiting there: the last node it reached.
    const at = session.wait?.node ?? (session.status === 'ended' ? session.path.at(-1) : undefined);
    if (nodeWritesSensitive(flow, at === undefined ? undefined : flow.nodes.find((n) => n.id === at))) return MASK;
  }
  return text;
}
