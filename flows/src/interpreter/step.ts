import type { Flow } from '../schema/flow.ts';
import { definitionOf } from '../nodes/registry.ts';
import { StepContext, type NodeOutcome } from './context.ts';
import type { CompiledFlow, LinkedNode } from './compiled.ts';
import { normalizeText } from './match.ts';
import { PATH_LIMIT } from './session.ts';
import { underCurrentNames } from '../variables/formerNames.ts';
import type { FlowEvent, Session, StepResult } from './types.ts';
import { FlowLimitError } from '../expression/valueLimits.ts';

/** Node entries allowed in one step before the interpreter decides the flow is looping. */
const MAX_TRANSITIONS = 500;

/**
 * Advances a contact by one event: runs nodes from where it waits until it must wait again
 * (for the caller, a look-up or an agent) or ends. Pure: the same flow, session and event
 * always give the same result, and the given session is not changed.
 */
export function step(flow: Flow, session: Session, event: FlowEvent): StepResult {
  const run: Run = { ctx: new StepContext(flow, copySession(session, flow)), trace: { nodes: [], edges: [] }, pathCopied: false };
  try {
    return advance(flow, run, event);
  } catch (error) {
    // A value too large, or too much text in one step (`valueLimits.ts`): the contact ends on
    // the error path, with the issue saying which limit and where.
    if (!(error instanceof FlowLimitError)) throw error;
    return fail(run, error.code, error.message, run.trace.nodes.at(-1) ?? session.wait?.node);
  }
}

function advance(flow: Flow, run: Run, event: FlowEvent): StepResult {
  const { ctx } = run;
  const s = ctx.session;

  if (s.status === 'ended') {
    ctx.issue('warning', 'session.ended', `the contact has ended; ${event.type} ignored`);
    return resultOf(run);
  }
  if (event.type === 'hangup') {
    finish(s, s.status === 'new' ? 'abandoned' : 'hangup');
    return resultOf(run);
  }

  let current: LinkedNode | undefined;
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
    const keywordTarget = s.wait.for === 'caller' ? keywordJump(flow, ctx.compiled, s, event) : undefined;
    if (keywordTarget) {
      current = ctx.compiled.nodes.get(keywordTarget);
      if (!current) return fail(run, 'keyword.target', `keyword target ${keywordTarget} does not exist`, undefined, { target: keywordTarget });
      outcome = enter(run, current);
    } else {
      current = ctx.compiled.nodes.get(s.wait.node);
      if (!current) return fail(run, 'session.lostNode', `node ${s.wait.node} is not in this flow version`, undefined, { waitingAt: s.wait.node });
      const resume = definitionOf(current.node).resume;
      outcome = resume ? resume(current.node, ctx, event) : { output: 'next' };
    }
  }

  for (let transitions = 0; ; transitions += 1) {
    if (transitions > MAX_TRANSITIONS) {
      return fail(run, 'flow.loop', `more than ${MAX_TRANSITIONS} nodes without waiting for the caller`, current.node.id);
    }
    if ('wait' in outcome) break;
    if ('end' in outcome) {
      finish(s, outcome.end);
      break;
    }
    let targetId: string;
    let next: LinkedNode | undefined;
    if ('goto' in outcome) {
      targetId = outcome.goto;
      next = ctx.compiled.nodes.get(targetId);
    } else {
      const exit = current.exits.get(outcome.output);
      if (!exit) return fail(run, 'flow.unconnected', `output ${outcome.output} of ${current.node.id} leads nowhere`, current.node.id, { output: outcome.output });
      run.trace.edges.push(exit.edge.id);
      targetId = exit.edge.target;
      next = exit.target;
    }
    if (!next) return fail(run, 'flow.missingNode', `node ${targetId} does not exist`, current.node.id);
    current = next;
    outcome = enter(run, current);
  }
  return resultOf(run);
}

/** One step in progress. */
interface Run {
  ctx: StepContext;
  trace: StepResult['trace'];
  /** Whether the session's path is already this step's own copy. */
  pathCopied: boolean;
}

/**
 * This step's session: a new top-level object sharing the given session's parts. Nothing here
 * changes those parts in place: `path` and `vars` are copied before their first change, `wait`
 * is replaced whole, `caller` is only read. Fields are listed rather than spread: a spread over
 * sessions of many shapes is one of the slowest things a step did.
 */
function copySession(session: Session, flow: Flow): Session {
  const s: Session = {
    v: session.v,
    flowId: session.flowId,
    flowVersion: session.flowVersion,
    channel: session.channel,
    locale: session.locale,
    caller: session.caller,
    // A draft session that outlived a rename of one of its variables (a tester's call, the simulator) goes on with its value.
    vars: underCurrentNames(flow, session.vars),
    wait: session.wait,
    path: session.path,
    status: session.status,
    turns: session.turns,
  };
  if (session.endReason !== undefined) s.endReason = session.endReason;
  return s;
}

function resultOf({ ctx, trace }: Run): StepResult {
  return {
    session: ctx.session,
    effects: ctx.effects,
    issues: ctx.issues,
    trace,
    ...(ctx.understandings.length > 0 ? { understanding: ctx.understandings } : {}),
    ...(ctx.assigned.size > 0 ? { assigned: [...ctx.assigned] } : {}),
  };
}

function enter(run: Run, { node }: LinkedNode): NodeOutcome {
  const { ctx, trace } = run;
  const s = ctx.session;
  trace.nodes.push(node.id);
  if (!run.pathCopied) {
    s.path = s.path.slice();
    run.pathCopied = true;
  }
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
function fail(run: Run, code: string, message: string, node: string | undefined, params?: Record<string, string>): StepResult {
  run.ctx.issue('error', code, message, node, params);
  run.ctx.emit({ type: 'end', reason: 'error', ...(node ? { node } : {}) });
  finish(run.ctx.session, 'error');
  return resultOf(run);
}

/** On written or spoken words, the flow's keywords ("menu", "agent") jump anywhere. */
function keywordJump(flow: Flow, compiled: CompiledFlow, s: Session, event: FlowEvent): string | undefined {
  if (event.type !== 'text' && event.type !== 'speech') return undefined;
  const said = normalizeText(event.text);
  // Nothing left of the words (`*`, `#`, `?`): no keyword, whatever normalizes to nothing.
  if (said === '') return undefined;
  const { mainMenuNode, agentNode } = flow.settings;
  if (mainMenuNode && compiled.keywords.mainMenu.get(s.locale)?.has(said)) return mainMenuNode;
  if (agentNode && compiled.keywords.agent.get(s.locale)?.has(said)) return agentNode;
  return undefined;
}
