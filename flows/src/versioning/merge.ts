import type { Flow } from '../schema/flow.ts';
import { canonicalJson } from './canonical.ts';

/** A field both editors changed, each differently, since the version they both started from. */
export interface MergeConflict {
  /** The node the field belongs to (`field` is then inside it), if any. */
  nodeId?: string;
  /** The connection the field belongs to, if any. */
  edgeId?: string;
  /**
   * Dotted path inside the node, the connection or the flow: `prompt.en.text`, `options.o5.label.fr`
   * (list items named by their id). Empty: the whole node or connection (deleted by one, edited by the other).
   */
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface FlowMerge {
  flow: Flow;
  /** Fields both sides changed differently; `prefer` decided them, and only them. */
  conflicts: MergeConflict[];
}

/**
 * Three-way merge of two editors' versions of a flow, both made from `base`: whatever only one of
 * them changed is kept (nodes, node fields, prompts per locale, options, connections, positions,
 * flow settings); where both changed the same field differently, `prefer` says whose value wins,
 * and the field is listed in `conflicts`. Lists of items with ids (nodes, connections, options)
 * are merged item by item, so one editor adding a node and the other editing another both stay.
 */
export function mergeFlows(base: Flow, mine: Flow, theirs: Flow, prefer: 'mine' | 'theirs'): FlowMerge {
  const conflicts: MergeConflict[] = [];
  const flow = mergeValue(base, mine, theirs, [], { prefer, conflicts }) as Flow;
  return { flow, conflicts };
}

interface Context {
  prefer: 'mine' | 'theirs';
  conflicts: MergeConflict[];
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeValue(base: unknown, mine: unknown, theirs: unknown, path: string[], context: Context): unknown {
  if (same(mine, theirs)) return mine;
  if (same(base, mine)) return theirs;
  if (same(base, theirs)) return mine;
  if (isObject(mine) && isObject(theirs) && (base === undefined || isObject(base))) {
    const b = base ?? {};
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(theirs), ...Object.keys(mine), ...Object.keys(b)])) {
      const value = mergeValue(b[key], mine[key], theirs[key], [...path, key], context);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (Array.isArray(mine) && Array.isArray(theirs) && (base === undefined || Array.isArray(base))) {
    const b = base ?? [];
    if (hasIds(b) && hasIds(mine) && hasIds(theirs)) return mergeById(b, mine, theirs, path, context);
    if (b.length === mine.length && b.length === theirs.length) return b.map((item, i) => mergeValue(item, mine[i], theirs[i], [...path, String(i)], context));
  }
  context.conflicts.push({ ...where(path), base, mine, theirs });
  return context.prefer === 'mine' ? mine : theirs;
}

type WithId = { id: string };

function hasIds(list: unknown[]): list is WithId[] {
  const ids = list.map((item) => (isObject(item) && typeof item.id === 'string' ? item.id : null));
  return ids.every((id) => id !== null) && new Set(ids).size === ids.length;
}

/** Item by item, matched by id; the order is the one of the side that reordered (theirs when neither did). */
function mergeById(base: WithId[], mine: WithId[], theirs: WithId[], path: string[], context: Context): unknown[] {
  const byId = (list: WithId[]) => new Map(list.map((item) => [item.id, item]));
  const [b, m, t] = [byId(base), byId(mine), byId(theirs)];
  const commonOrder = (list: WithId[]) => list.filter((item) => b.has(item.id) && m.has(item.id) && t.has(item.id)).map((item) => item.id);
  const mineReordered = !same(commonOrder(mine), commonOrder(base)) && same(commonOrder(theirs), commonOrder(base));
  const [primary, secondary] = mineReordered ? [mine, theirs] : [theirs, mine];
  const order = primary.map((item) => item.id);
  // An item only the other side has goes after the item it follows there.
  secondary.forEach((item, i) => {
    if (order.includes(item.id)) return;
    const before = secondary
      .slice(0, i)
      .reverse()
      .find((previous) => order.includes(previous.id));
    order.splice(before ? order.indexOf(before.id) + 1 : 0, 0, item.id);
  });
  const out: unknown[] = [];
  for (const id of order) {
    const value = mergeValue(b.get(id), m.get(id), t.get(id), [...path, id], context);
    if (value !== undefined) out.push(value);
  }
  return out;
}

function where(path: string[]): Pick<MergeConflict, 'nodeId' | 'edgeId' | 'field'> {
  const [top, id, ...rest] = path;
  if (top === 'nodes' && id !== undefined) return { nodeId: id, field: rest.join('.') };
  if (top === 'edges' && id !== undefined) return { edgeId: id, field: rest.join('.') };
  return { field: path.join('.') };
}
