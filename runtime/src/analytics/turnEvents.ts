import type { Effect, Flow, FlowEvent, NodeType, Session } from '@griot/flows';
import type { AnalyticsEvent } from '../store/types.ts';
import type { LookupReport } from '../conversations/turnState.ts';

/** What the interpreter did in one turn, as the engine saw it. */
export interface TurnTrace {
  before: Session;
  after: Session;
  event: FlowEvent;
  trace: { nodes: string[]; edges: string[] };
  effects: Effect[];
  lookups: LookupReport[];
}

interface FlowTables {
  edges: Map<string, { source: string; output: string }>;
  types: Map<string, NodeType>;
}

const tablesByFlow = new WeakMap<Flow, FlowTables>();

/** Edges and node types by id, once per parsed flow (flows are cached and never change). */
function tablesOf(flow: Flow): FlowTables {
  let tables = tablesByFlow.get(flow);
  if (!tables) {
    tables = {
      edges: new Map(flow.edges.map((e) => [e.id, { source: e.source, output: e.output }])),
      types: new Map(flow.nodes.map((n) => [n.id, n.type])),
    };
    tablesByFlow.set(flow, tables);
  }
  return tables;
}

const GIVE_UP_ON_WRONG_ANSWER = new Set(['noMatch', 'invalid']);

/**
 * The facts of a turn, from the interpreter's trace: nodes entered, outputs taken, a silence or
 * a wrong answer at the node that waited, look-ups, survey questions and answers. Node ids,
 * output names and scores only: never what the caller said or a variable's value. Added to
 * `events` when given (the recorder's batch), else to a new list.
 */
export function turnEvents(flow: Flow, turn: TurnTrace, events: AnalyticsEvent[] = []): AnalyticsEvent[] {
  const { edges, types } = tablesOf(flow);
  for (const node of turn.trace.nodes) {
    events.push({ type: 'visit', node });
    if (types.get(node) === 'survey') events.push({ type: 'csatAsked', node });
  }
  const waited = turn.before.wait;
  let gaveUpOnWrongAnswer = false;
  for (const id of turn.trace.edges) {
    const edge = edges.get(id);
    if (!edge) continue;
    events.push({ type: 'exit', node: edge.source, output: edge.output });
    if (edge.source === waited?.node && GIVE_UP_ON_WRONG_ANSWER.has(edge.output)) gaveUpOnWrongAnswer = true;
  }
  if (waited && (waited.for === 'caller' || waited.for === 'classifier')) {
    if (turn.event.type === 'noInput' && waited.for === 'caller') events.push({ type: 'noInput', node: waited.node });
    const after = turn.after.wait;
    // Asked again after a wrong answer, or gave up on one: either way one wrong answer.
    const askedAgain = after?.node === waited.node && after.noMatch > waited.noMatch;
    if (askedAgain || gaveUpOnWrongAnswer) events.push({ type: 'noMatch', node: waited.node });
  }
  for (const lookup of turn.lookups) events.push({ type: 'lookup', node: lookup.node, backend: lookup.backend, outcome: lookup.outcome, ms: Math.round(lookup.ms * 10) / 10 });
  for (const effect of turn.effects) {
    if (effect.type === 'score') events.push({ type: 'csat', node: effect.node, score: effect.score, scale: effect.scale });
  }
  return events;
}
