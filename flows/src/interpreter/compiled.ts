import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import type { Edge } from '../schema/edge.ts';
import type { Variable } from '../schema/variable.ts';
import type { Locale } from '../schema/locale.ts';

/** Look-up tables for a flow, built once per flow object and reused by every step. */
export interface CompiledFlow {
  nodes: Map<string, FlowNode>;
  /** `${source}\u0000${output}` → edge */
  edgeFrom: Map<string, Edge>;
  variables: Map<string, Variable>;
  locales: Map<string, Locale>;
  defaultLocale: string;
  start: FlowNode | undefined;
}

const compiled = new WeakMap<Flow, CompiledFlow>();

export function compileFlow(flow: Flow): CompiledFlow {
  const hit = compiled.get(flow);
  if (hit) return hit;
  const c: CompiledFlow = {
    nodes: new Map(flow.nodes.map((n) => [n.id, n])),
    edgeFrom: new Map(flow.edges.map((e) => [edgeKey(e.source, e.output), e])),
    variables: new Map(flow.variables.map((v) => [v.name, v])),
    locales: new Map(flow.locales.map((l) => [l.code, l])),
    defaultLocale: flow.locales[0]?.code ?? 'fr',
    start: flow.nodes.find((n) => n.type === 'start'),
  };
  compiled.set(flow, c);
  return c;
}

export function edgeKey(source: string, output: string): string {
  return `${source}\u0000${output}`;
}
