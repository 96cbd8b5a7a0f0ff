import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import type { NodeDefinition, ValueCopy } from '../nodes/definition.ts';
import { nodeDefinitions } from '../nodes/registry.ts';

/** A variable not declared sensitive that may hold a sensitive value, and how it gets it. */
export interface SensitiveCopy {
  variable: string;
  /** The sensitive variable (declared, or itself a copy) its value may come from. */
  from: string;
  node: string;
  field: string;
}

export interface Sensitivity {
  /** Declared sensitive, or holding a copy of a sensitive value: masked, sealed and never remembered alike. */
  names: ReadonlySet<string>;
  /** The copies among them, each with the first way found that it receives a sensitive value. */
  copies: ReadonlyMap<string, SensitiveCopy>;
}

const cache = new WeakMap<Flow, Sensitivity>();

type AnyDefinition = NodeDefinition<FlowNode['type']>;

/**
 * Which variables hold sensitive values: those declared `sensitive`, and any variable a value
 * computed from one is written into (`set pukCopy = puk`, `{{puk}}` in a template, a second
 * mapping of the same look-up answer), however many copies away. A boolean variable a `set`
 * writes only holds yes or no and stays as declared; one a look-up's answer is mapped into holds
 * whatever the answer held there, and follows the copy like any other. Per parsed flow (cached: read on every turn).
 */
export function sensitivityOf(flow: Flow): Sensitivity {
  const hit = cache.get(flow);
  if (hit) return hit;
  // A document read from a backup file may be incomplete: no declarations, no nodes.
  const variables = flow.variables ?? [];
  const names = new Set(variables.filter((v) => v.sensitive).map((v) => v.name));
  // A value a session still holds under a sensitive variable's former name (a draft renamed mid-call) is as sensitive.
  const declared = new Set(variables.map((v) => v.name));
  for (const v of variables) if (v.sensitive) for (const former of v.formerNames ?? []) if (!declared.has(former)) names.add(former);
  const booleans = new Set(variables.filter((v) => v.type === 'boolean').map((v) => v.name));
  const moves: Array<ValueCopy & { node: string }> = [];
  for (const node of flow.nodes ?? []) {
    const def = nodeDefinitions[node.type] as unknown as AnyDefinition | undefined;
    let found: ValueCopy[] = [];
    try {
      found = def?.copies?.(node) ?? [];
    } catch {
      // A node short of its fields (a document that never went through the schema) copies nothing.
    }
    // A boolean `set` gives it holds yes or no; one a look-up's answer is mapped into holds what came (the code itself).
    for (const copy of found) if (!(copy.typed && booleans.has(copy.variable))) moves.push({ ...copy, node: node.id });
  }
  const copies = new Map<string, SensitiveCopy>();
  // Until nothing changes: a copy of a copy is found on a later round.
  for (let changed = names.size > 0; changed; ) {
    changed = false;
    for (const move of moves) {
      if (names.has(move.variable)) continue;
      const from = move.from.map((path) => path.split('.', 1)[0] ?? '').find((head) => names.has(head));
      if (from === undefined) continue;
      names.add(move.variable);
      copies.set(move.variable, { variable: move.variable, from, node: move.node, field: move.field });
      changed = true;
    }
  }
  const sensitivity = { names, copies };
  cache.set(flow, sensitivity);
  return sensitivity;
}
