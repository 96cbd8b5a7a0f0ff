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
    path: session.path.slice(),
    wait: session.wait ? { ...session.wait } : null,
  };
  const run: Run = { ctx: new StepContext(flow, s), trace: { nodes: [], edges: [] } };
  const { ctx } = run;

  if (s.status === 'ended') {
    ctx.issue('warning', 'session.ended', `the contact has ended; ${event.type} ignored`);
    return resultOf(run);
  }
  if (event.type === 'hangup') {
    finish(s, s.status === 'new' ? 'abandoned' : 'hangup');
    return resultOf(run);
  }

  let current: FlowNode | undefined;
  let outcome: NodeOutcome;
  if (event.type === 'start') {
    if (s.status !== 'new') {
      ctx.issue('warning', 'session.started', 'the contact has already started; start ignored');
      return resultOf(run);
    }
    s.status = 'active';
    s.turns += 1;
    current = ctx.compiled.start;
    if (!current) return fail(run, 'flow.noStart', 'the flow has no start node', undefined);
    outcome = enter(run, current);
  } else {
    if (!s.wait) {
      ctx.issue('warning', 'session.notWaiting', `nothing waits for ${event.type}`);
      return resultOf(run);
    }
    s.turns += 1;
    const keywordTarget = s.wait.for === 'caller' ? keywordJump(flow, s, event) : undefined;
    if (keywordTarget) {
      current = ctx.compiled.nodes.get(keywordTarget);
      if (!current) return fail(run, 'keyword.target', `keyword target ${keywordTarget} does not exist`, undefined);
      outcome = enter(run, current);
    } else {
      current = ctx.compiled.nodes.get(s.wait.node);
      if (!current) return fail(run, 'session.lostNode', `node ${s.wait.node} is not in this flow version`, undefined);
      const resume = definitionOf(current).resume;
      outcome = resume ? resume(current, ctx, event) : { output: 'next' };
    }
  }

  for (let transitions = 0; ; transitions += 1) {
    if (transitions > MAX_TRANSITIONS) {
      return fail(run, 'flow.loop', `more than ${MAX_TRANSITIONS} nodes without waiting for the caller`, current.id);
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
      if (!edge) return fail(run, 'flow.unconnected', `output ${outcome.output} of ${current.id} leads nowhere`, current.id);
      run.trace.edges.push(edge.id);
      targetId = edge.target;
    }
    const next = ctx.compiled.nodes.get(targetId);
    if (!next) return fail(run, 'flow.missingNode', `node ${targetId} does not exist`, current.id);
    current = next;
    outcome = enter(run, current);
  }
  return resultOf(run);
}

/** One step in progress. */
interface Run {
  ctx: StepContext;
  trace: StepResult['trace'];
}

function resultOf({ ctx, trace }: Run): StepResult {
  return { session: ctx.session, effects: ctx.effects, issues: ctx.issues, trace };
}

function enter({ ctx, trace }: Run, node: FlowNode): NodeOutcome {
  const s = ctx.session;
  trace.nodes.push(node.id);
  s.path.push(node.id);
  if (s.path.length > PATH_LIMIT) s.path.splice(0, s.path.length - PATH_LIMIT);
  s.wait = null;
  return definitionOf(node).enter(node, ctx);
}

function finish(s: Session, reason: string): void {
  s.status = 'ended';
  s.endReason = reason;
  s.wait = null;
}

/** A broken flow must never leave the caller in silence: end with an error the host can apologise for. */
function fail(run: Run, code: string, message: string, node: string | undefined): StepResult {
  run.ctx.issue('error', code, message, node);
  run.ctx.emit({ type: 'end', reason: 'error', ...(node ? { node } : {}) });
  finish(run.ctx.session, 'error');
  return resultOf(run);
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
