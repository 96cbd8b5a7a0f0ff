import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { definitionOf } from '../nodes/registry.ts';
import { StepContext, type NodeOutcome } from './context.ts';
import { edgeKey } from './compiled.ts';
import { normalizeText } from './match.ts';
import { PATH_LIMIT } from './session.ts';
import type { FlowEvent, Session, StepResult } from './types.ts';

/** Node entries allowed in one step before the interpreter decides the flow is looping. */
const MAX_TRANSITIONS = 500;

/**
 * Advances a contact by one event: runs nodes from where it waits until it must wait again
 * (for the caller, a look-up or an agent) or ends. Pure: the same flow, session and event
 * always give the same result, and the given session is not changed.
 */
export function step(flow: Flow, session: Session, event: FlowEvent): StepResult {
  const s: Session = {
    ...session,
    caller: { ...session.caller },
    vars: { ...session.vars },
    path: [...session.path],
    wait: session.wait ? { ...session.wait } : null,
  };
  const ctx = new StepContext(flow, s);
  const trace = { nodes: [] as string[], edges: [] as string[] };
  const result = (): StepResult => ({ session: s, effects: ctx.effects, issues: ctx.issues, trace });

  if (s.status === 'ended') {
    ctx.issue('warning', 'session.ended', `the contact has ended; ${event.type} ignored`);
    return result();
  }
  if (event.type === 'hangup') {
    finish(s, s.status === 'new' ? 'abandoned' : 'hangup');
    return result();
  }

  let current: FlowNode | undefined;
  let outcome: NodeOutcome;
  const enter = (node: FlowNode): NodeOutcome => {
    trace.nodes.push(node.id);
    s.path.push(node.id);
    if (s.path.length > PATH_LIMIT) s.path.splice(0, s.path.length - PATH_LIMIT);
    s.wait = null;
    return definitionOf(node).enter(node, ctx);
  };

  if (event.type === 'start') {
    if (s.status !== 'new') {
      ctx.issue('warning', 'session.started', 'the contact has already started; start ignored');
      return result();
    }
    s.status = 'active';
    s.turns += 1;
    current = ctx.compiled.start;
    if (!current) return fail(ctx, s, 'flow.noStart', 'the flow has no start node', undefined, result);
    outcome = enter(current);
  } else {
    if (!s.wait) {
      ctx.issue('warning', 'session.notWaiting', `nothing waits for ${event.type}`);
      return result();
    }
    s.turns += 1;
    const keywordTarget = s.wait.for === 'caller' ? keywordJump(flow, s, event) : undefined;
    if (keywordTarget) {
      current = ctx.compiled.nodes.get(keywordTarget);
      if (!current) return fail(ctx, s, 'keyword.target', `keyword target ${keywordTarget} does not exist`, undefined, result);
      outcome = enter(current);
    } else {
      current = ctx.compiled.nodes.get(s.wait.node);
      if (!current) return fail(ctx, s, 'session.lostNode', `node ${s.wait.node} is not in this flow version`, undefined, result);
      const resume = definitionOf(current).resume;
      outcome = resume ? resume(current, ctx, event) : { output: 'next' };
    }
  }

  for (let transitions = 0; ; transitions += 1) {
    if (transitions > MAX_TRANSITIONS) {
      return fail(ctx, s, 'flow.loop', `more than ${MAX_TRANSITIONS} nodes without waiting for the caller`, current.id, result);
    }
    if ('wait' in outcome) break;
    if ('end' in outcome) {
      finish(s, outcome.end);
      break;
    }
    let targetId: string;
    if ('goto' in outcome) {
      targetId = outcome.goto;
    } else {
      const edge = ctx.compiled.edgeFrom.get(edgeKey(current.id, outcome.output));
      if (!edge) {
        return fail(ctx, s, 'flow.unconnected', `output ${outcome.output} of ${current.id} leads nowhere`, current.id, result);
      }
      trace.edges.push(edge.id);
      targetId = edge.target;
    }
    const next = ctx.compiled.nodes.get(targetId);
    if (!next) return fail(ctx, s, 'flow.missingNode', `node ${targetId} does not exist`, current.id, result);
    current = next;
    outcome = enter(current);
  }
  return result();
}

function finish(s: Session, reason: string): void {
  s.status = 'ended';
  s.endReason = reason;
  s.wait = null;
}

/** A broken flow must never leave the caller in silence: end with an error the host can apologise for. */
function fail(
  ctx: StepContext,
  s: Session,
  code: string,
  message: string,
  node: string | undefined,
  result: () => StepResult,
): StepResult {
  ctx.issue('error', code, message, node);
  ctx.emit({ type: 'end', reason: 'error', ...(node ? { node } : {}) });
  finish(s, 'error');
  return result();
}

/** On written or spoken words, the flow's keywords ("menu", "agent") jump anywhere. */
function keywordJump(flow: Flow, s: Session, event: FlowEvent): string | undefined {
  if (event.type !== 'text' && event.type !== 'speech') return undefined;
  const said = normalizeText(event.text);
  const { keywords, mainMenuNode, agentNode } = flow.settings;
  const hit = (words: Record<string, string[]>) => (words[s.locale] ?? []).some((w) => normalizeText(w) === said);
  if (mainMenuNode && hit(keywords.mainMenu)) return mainMenuNode;
  if (agentNode && hit(keywords.agent)) return agentNode;
  return undefined;
}
