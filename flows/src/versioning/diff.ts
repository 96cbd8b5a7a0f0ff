import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { canonicalJson } from './canonical.ts';
import { withRowIds } from './rowIds.ts';

export interface FieldChange {
  /** Dotted path inside the node: `prompt.fr.text`, `options.1.key`. */
  field: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  id: string;
  /** The node's name on the canvas (after the change), when it has one. */
  label?: string;
  type: FlowNode['type'];
  /** Only the position moved: shown, but not a change of behaviour. */
  movedOnly: boolean;
  fields: FieldChange[];
  /** Locales whose prompts changed anywhere in the node. */
  locales: string[];
}

export interface FlowDiff {
  nodes: { added: FlowNode[]; removed: FlowNode[]; changed: NodeChange[] };
  edges: { added: string[]; removed: string[]; retargeted: Array<{ id: string; before: string; after: string }> };
  /** Top-level fields that changed: `locales`, `variables`, `settings`, `tests`, `name`… */
  flow: FieldChange[];
  /** Nothing at all differs. */
  same: boolean;
}

/** What changed from one version of a flow to another, node by node and field by field. */
export function diffFlows(before: Flow, after: Flow): FlowDiff {
  // Test cases, slots and answer mappings of a document written before they had ids: with the ids
  // the designer gives them on opening it (`withRowIds`, from their content), so a version published
  // before and the same flow opened (or saved since) differ by what an editor changed, not by ids.
  [before, after] = [withRowIds(before), withRowIds(after)];
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const added = after.nodes.filter((n) => !oldNodes.has(n.id));
  const removed = before.nodes.filter((n) => !newNodes.has(n.id));
  const changed: NodeChange[] = [];
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) continue;
    const fields = diffValues(old, node, '');
    if (fields.length === 0) continue;
    const meaningful = fields.filter((f) => !f.field.startsWith('position'));
    const locales = new Set<string>();
    // A whole added or removed part (an option with its labels) touches the locales inside it too.
    for (const f of meaningful) for (const leaf of [...leavesOf(f.before, f.field), ...leavesOf(f.after, f.field)]) if (!STAMP.test(leaf)) localeOf(leaf, locales);
    changed.push({ id: node.id, type: node.type, ...(node.label ? { label: node.label } : {}), movedOnly: meaningful.length === 0, fields, locales: [...locales].sort() });
  }

  const edgeLabel = (e: Flow['edges'][number]) => `${e.source}.${e.output}→${e.target}`;
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]));
  const newEdges = new Map(after.edges.map((e) => [e.id, e]));
  const edges: FlowDiff['edges'] = { added: [], removed: [], retargeted: [] };
  for (const [id, e] of newEdges) {
    const old = oldEdges.get(id);
    if (!old) edges.added.push(id);
    else if (edgeLabel(old) !== edgeLabel(e)) edges.retargeted.push({ id, before: edgeLabel(old), after: edgeLabel(e) });
  }
  for (const id of oldEdges.keys()) if (!newEdges.has(id)) edges.removed.push(id);

  const flow: FieldChange[] = [];
  for (const key of ['name', 'description', 'locales', 'variables', 'settings', 'tests', 'layout'] as const) {
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) {
      flow.push(...diffValues(before[key], after[key], key));
    }
  }
  const same = added.length + removed.length + changed.length + flow.length === 0 && edges.added.length + edges.removed.length + edges.retargeted.length === 0;
  return { nodes: { added, removed, changed }, edges, flow, same };
}

/**
 * Which source text a translation was made from, which file the editor uploaded a recording from (`audioFile`, changed
 * with the `audio` it names): bookkeeping, not a change of what that locale says.
 */
const STAMP = /(?:^|\.)(?:sourceStamp|audioSourceStamp|audioFile)$|(?:^|\.)labelSourceStamps(?:\.|$)/;

const LOCALIZED = /(?:^|\.)(?:prompt|noInputPrompt|noMatchPrompt|invalidPrompt|waitPrompt|label|synonyms)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)*)(?:\.|$)/;

function localeOf(path: string, into: Set<string>): void {
  const m = LOCALIZED.exec(path);
  if (m?.[1]) into.add(m[1]);
}

/** The dotted paths of every leaf inside a value, under `prefix`. */
function leavesOf(value: unknown, prefix: string): string[] {
  if (isObject(value)) return Object.keys(value).flatMap((k) => leavesOf(value[k], `${prefix}.${k}`));
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, `${prefix}.${i}`));
  return [prefix];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Leaf-level differences; arrays are compared index by index. */
function diffValues(a: unknown, b: unknown, prefix: string): FieldChange[] {
  if (canonicalJson(a) === canonicalJson(b)) return [];
  const join = (k: string | number) => (prefix === '' ? String(k) : `${prefix}.${k}`);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], join(k)));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) out.push(...diffValues(a[i], b[i], join(i)));
    return out;
  }
  return [{ field: prefix, before: a, after: b }];
}
