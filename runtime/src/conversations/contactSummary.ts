import { FlowLimitError, ownValue, renderTemplate, type Flow, type FlowNode, type Session } from '@griot/flows';
import type { ContactSummary } from '../store/types.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';

/** The value of a template path in a session, as the interpreter reads it. */
function lookupIn(session: Session): (path: string) => unknown {
  return (path) => {
    const [head = '', ...rest] = path.split('.');
    if (head === 'caller') {
      const field = rest[0];
      if (field === 'channel') return session.channel;
      if (field === 'locale') return session.locale;
      return field === undefined ? undefined : ownValue(session.caller, field);
    }
    // Only values the flow stored, never JavaScript's (`{{constructor}}`), as the interpreter reads them.
    let value: unknown = ownValue(session.vars, head);
    for (const key of rest) value = ownValue(value, key);
    return value;
  };
}

const nodesByFlow = new WeakMap<Flow, Map<string, FlowNode>>();

/** The flow's nodes by id, worked out once per parsed flow (flows are cached and never change). */
function nodesOf(flow: Flow): Map<string, FlowNode> {
  let nodes = nodesByFlow.get(flow);
  if (!nodes) {
    nodes = new Map(flow.nodes.map((n) => [n.id, n]));
    nodesByFlow.set(flow, nodes);
  }
  return nodes;
}

/**
 * How a contact ended, for the caller's history. `reason` is why they came: the handoff reason
 * when an agent took them, else the end node's reason (`served`), else why it stopped (`hangup`).
 * `outcome` is how it ended: `handoff`, `completed` (the flow reached an end node), or the
 * interruption (`hangup`, `abandoned`, `error`, `expired`…). Masked values stay masked.
 */
export function contactSummaryOf(flow: Flow, session: Session, stopReason: string, at: Date): Omit<ContactSummary, 'channel'> {
  const nodes = nodesOf(flow);
  let handoff: FlowNode | undefined;
  for (let i = session.path.length - 1; i >= 0 && !handoff; i -= 1) {
    const node = nodes.get(session.path[i] ?? '');
    if (node?.type === 'handoff') handoff = node;
  }
  const last = nodes.get(session.path[session.path.length - 1] ?? '');
  const endedAtNode = session.status === 'ended' && last?.type === 'end' && session.endReason !== 'hangup' && session.endReason !== 'abandoned';
  const flowReason = session.endReason ?? stopReason;
  let reason = endedAtNode ? flowReason : stopReason;
  let outcome = endedAtNode ? 'completed' : (session.endReason ?? stopReason);
  if (handoff?.type === 'handoff') {
    const sensitive = sensitiveNamesOf(flow);
    reason = handoffReason(handoff.reason, session, sensitive) || reason;
    outcome = 'handoff';
  }
  return { at: at.toISOString(), reason, outcome };
}

/** The handoff's reason as written for the agent; empty when it would be longer than a value may be (the contact then ended on that error). */
function handoffReason(template: string, session: Session, sensitive: ReadonlySet<string>): string {
  try {
    return renderTemplate(template, {
      values: { lookup: lookupIn(session), isSensitive: (path) => sensitive.has(path.split('.', 1)[0] ?? '') },
      spellDigits: false,
      escape: 'none',
    }).redacted.trim();
  } catch (error) {
    if (error instanceof FlowLimitError) return '';
    throw error;
  }
}
