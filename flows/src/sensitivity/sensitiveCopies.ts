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

/** A variable sensitive because a look-up maps its answer into it, not because the author marked it. */
export interface FetchedValue {
  variable: string;
  node: string;
  field: string;
}

export interface Sensitivity {
  /** Declared sensitive, fetched by a look-up, or holding a copy of a sensitive value: masked, sealed and never remembered alike. */
  names: ReadonlySet<string>;
  /**
   * Those sensitive by default, each with the first look-up found that writes it: not declared
   * sensitive, nor `keptInClear` (the author's word it is not account data), nor `persist` (the
   * author asked for it to be remembered across contacts: at rest, by their own decision).
   */
  fetched: ReadonlyMap<string, FetchedValue>;
  /** The copies among them, each with the first way found that it receives a sensitive value. */
  copies: ReadonlyMap<string, SensitiveCopy>;
  /**
   * A whole answer sensitive only by default (`$`), with the parts of it the author keeps in clear
   * (`$.offer` keptInClear or persist): their values are no sensitive value of the whole, so the
   * runtime's look for copies lint cannot see (`holdersOf`) does not take them for one.
   */
  clearParts: ReadonlyMap<string, ReadonlySet<string>>;
}

const cache = new WeakMap<Flow, Sensitivity>();

type AnyDefinition = NodeDefinition<FlowNode['type']>;

/**
 * The variables a look-up (any node's `fetches`) writes an outside system's answer into, each with
 * the first node and field found, whatever their declaration says: what the designer shows as
 * « réponse de consultation », sensitive unless kept in clear.
 */
export function lookupAnswersOf(flow: Flow): ReadonlyMap<string, FetchedValue> {
  const found = new Map<string, FetchedValue>();
  for (const node of flow.nodes ?? []) {
    const def = nodeDefinitions[node.type] as unknown as AnyDefinition | undefined;
    let answers: Array<{ variable: string; field: string }> = [];
    try {
      answers = def?.fetches?.(node) ?? [];
    } catch {
      // A node short of its fields (a document that never went through the schema) fetches nothing.
    }
    for (const { variable, field } of answers) if (!found.has(variable)) found.set(variable, { variable, node: node.id, field });
  }
  return found;
}

/**
 * Which variables hold sensitive values: those declared `sensitive`, those a look-up maps its
 * answer into (unless declared `keptInClear` or `persist`: `Sensitivity.fetched`), and any variable a value
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
  // What a look-up answers is account data (a balance, the owner's name, a last transaction) unless the author says otherwise.
  const plain = new Set(variables.filter((v) => v.keptInClear || v.persist).map((v) => v.name));
  const formerNamesOf = new Map(variables.map((v) => [v.name, v.formerNames ?? []]));
  const fetched = new Map<string, FetchedValue>();
  for (const [variable, found] of lookupAnswersOf(flow)) if (!names.has(variable) && !plain.has(variable)) fetched.set(variable, found);
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
  for (const variable of fetched.keys()) {
    names.add(variable);
    for (const former of formerNamesOf.get(variable) ?? []) if (!declared.has(former)) names.add(former);
  }
  const copies = new Map<string, SensitiveCopy>();
  const clearParts = new Map<string, Set<string>>();
  // Until nothing changes: a copy of a copy is found on a later round.
  for (let changed = names.size > 0; changed; ) {
    changed = false;
    for (const move of moves) {
      if (names.has(move.variable)) continue;
      // A part the author keeps in clear (`$.offer` keptInClear beside `$`) of a whole answer that is
      // sensitive only by default holds none of it but itself: no copy of it.
      const headOf = (path: string) => path.split('.', 1)[0] ?? '';
      const wholes = plain.has(move.variable) ? new Set((move.partOf ?? []).map(headOf).filter((head) => fetched.has(head))) : undefined;
      for (const whole of wholes ?? []) clearParts.set(whole, (clearParts.get(whole) ?? new Set()).add(move.variable));
      const from = move.from.map(headOf).find((head) => names.has(head) && !wholes?.has(head));
      if (from === undefined) continue;
      names.add(move.variable);
      copies.set(move.variable, { variable: move.variable, from, node: move.node, field: move.field });
      changed = true;
    }
  }
  const sensitivity = { names, fetched, copies, clearParts };
  cache.set(flow, sensitivity);
  return sensitivity;
}
