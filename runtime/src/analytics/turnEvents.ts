import type { Effect, Flow, FlowEvent, NodeType, Session } from '@griot/flows';
import type { AnalyticsEvent } from '../store/types.ts';
import type { LookupReport } from '../conversations/turnState.ts';
import { eventsOfRuns, RunWriter } from '../store/factRuns.ts';
import { lookupOutcome } from '../webhooks/lookupFailure.ts';

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
 * output names and scores only: never what the caller said or a variable's value. Appended to
 * the row `runs` writes, in positional form (`factRuns.ts`): no object per fact. `agent`: who
 * handled the contact before a survey answered in this turn.
 */
export function turnRuns(
  runs: RunWriter,
  flow: Flow,
  /** Where the session waited before the turn (`before.wait`), and after it (`after.wait`). */
  waited: Session['wait'],
  later: Session['wait'],
  event: FlowEvent['type'],
  trace: { nodes: string[]; edges: string[] },
  effects: readonly Effect[],
  lookups: readonly LookupReport[],
  agent: string | null = null,
): void {
  const { edges, types } = tablesOf(flow);
  for (const node of trace.nodes) {
    runs.add1('visit', node);
    if (types.get(node) === 'survey') runs.add1('csatAsked', node);
  }
  let gaveUpOnWrongAnswer = false;
  for (const id of trace.edges) {
    const edge = edges.get(id);
    if (!edge) continue;
    runs.add2('exit', edge.source, edge.output);
    if (edge.source === waited?.node && GIVE_UP_ON_WRONG_ANSWER.has(edge.output)) gaveUpOnWrongAnswer = true;
  }
  if (waited && (waited.for === 'caller' || waited.for === 'classifier')) {
    if (event === 'noInput' && waited.for === 'caller') runs.add1('noInput', waited.node);
    // Asked again after a wrong answer, or gave up on one: either way one wrong answer.
    const askedAgain = later?.node === waited.node && later.noMatch > waited.noMatch;
    if (askedAgain || gaveUpOnWrongAnswer) runs.add1('noMatch', waited.node);
  }
  for (const lookup of lookups) runs.add4('lookup', lookup.node, lookup.backend, lookupOutcome(lookup), Math.round(lookup.ms * 10) / 10);
  for (const effect of effects) {
    if (effect.type === 'score') runs.add4('csat', effect.node, effect.score, effect.scale, agent);
  }
}

/** Whether the turn's effects hold a survey answer. */
export const answersSurvey = (effects: Effect[]): boolean => {
  for (const effect of effects) if (effect.type === 'score') return true;
  return false;
};

const writer = new RunWriter();

/** `turnRuns`' facts as events, added to `events` when given, else to a new list. */
export function turnEvents(flow: Flow, turn: TurnTrace, events: AnalyticsEvent[] = []): AnalyticsEvent[] {
  writer.begin();
  turnRuns(writer, flow, turn.before.wait, turn.after.wait, turn.event.type, turn.trace, turn.effects, turn.lookups);
  return eventsOfRuns(writer.take(), 0, true, events);
}
