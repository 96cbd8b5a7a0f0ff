import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import type { Edge } from '../schema/edge.ts';
import type { Variable } from '../schema/variable.ts';
import type { Locale } from '../schema/locale.ts';
import { normalizeText } from './match.ts';
import { sensitivityOf } from '../sensitivity/sensitiveCopies.ts';

/**
 * A node with where each of its outputs leads. A step follows an output with one look-up of a
 * string it already holds, instead of building a `source\0output` key (and hashing it) per
 * transition.
 */
export interface LinkedNode {
  node: FlowNode;
  /** Output → the edge taken and the node it reaches (undefined when that node is missing). */
  exits: Map<string, { edge: Edge; target: LinkedNode | undefined }>;
}

/** Look-up tables for a flow, built once per flow object and reused by every step. */
export interface CompiledFlow {
  /** Node id → the node and its exits: what the interpreter walks. */
  nodes: Map<string, LinkedNode>;
  variables: Map<string, Variable>;
  /** Declared sensitive, and copies of sensitive values: masked wherever a declared one is. */
  sensitive: ReadonlySet<string>;
  locales: Map<string, Locale>;
  defaultLocale: string;
  start: LinkedNode | undefined;
  /** Normalized keywords per locale, for jumps to the main menu or an agent from anywhere. */
  keywords: { mainMenu: Map<string, Set<string>>; agent: Map<string, Set<string>> };
}

const compiled = new WeakMap<Flow, CompiledFlow>();

export function compileFlow(flow: Flow): CompiledFlow {
  const hit = compiled.get(flow);
  if (hit) return hit;
  const { nodes, start } = linkNodes(flow);
  const c: CompiledFlow = {
    nodes,
    variables: new Map(flow.variables.map((v) => [v.name, v])),
    sensitive: sensitivityOf(flow).names,
    locales: new Map(flow.locales.map((l) => [l.code, l])),
    defaultLocale: flow.locales[0]?.code ?? 'fr',
    start,
    keywords: {
      mainMenu: normalizedWords(flow.settings?.keywords?.mainMenu),
      agent: normalizedWords(flow.settings?.keywords?.agent),
    },
  };
  compiled.set(flow, c);
  return c;
}

/** Edges name nodes by id, so exits belong to an id (ids may repeat in a broken flow). */
function linkNodes(flow: Flow): { nodes: Map<string, LinkedNode>; start: LinkedNode | undefined } {
  const exitsById = new Map<string, LinkedNode['exits']>();
  const exitsOf = (id: string): LinkedNode['exits'] => {
    let exits = exitsById.get(id);
    if (!exits) exitsById.set(id, (exits = new Map()));
    return exits;
  };
  const nodes = new Map<string, LinkedNode>();
  // A later node with the same id wins, as a later edge on the same output does.
  for (const node of flow.nodes) nodes.set(node.id, { node, exits: exitsOf(node.id) });
  // The first start node, even when a later node took its id.
  const first = flow.nodes.find((n) => n.type === 'start');
  const byId = first && nodes.get(first.id);
  const start = first && (byId?.node === first ? byId : { node: first, exits: exitsOf(first.id) });
  for (const edge of flow.edges) exitsOf(edge.source).set(edge.output, { edge, target: nodes.get(edge.target) });
  return { nodes, start };
}

function normalizedWords(byLocale: Record<string, string[]> | undefined): Map<string, Set<string>> {
  return new Map(Object.entries(byLocale ?? {}).map(([locale, words]) => [locale, new Set(words.map(normalizeText))]));
}
