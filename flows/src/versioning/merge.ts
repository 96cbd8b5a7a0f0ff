import type { Flow } from '../schema/flow.ts';
import { definitionOf, outputsOf } from '../nodes/registry.ts';
import { canonicalJson } from './canonical.ts';
import { itemKeys, keyField, renamedItems } from './listKeys.ts';
import { renameVariable } from '../variables/renameVariable.ts';
import { renamedVariables } from '../variables/renamedVariables.ts';
import { alignRowIds, withRowIds } from './rowIds.ts';

/** A field both editors changed, each differently, since the version they both started from. */
export interface MergeConflict {
  /** The node the field belongs to (`field` is then inside it), if any. */
  nodeId?: string;
  /** The connection the field belongs to, if any. */
  edgeId?: string;
  /**
   * Dotted path inside the node, the connection or the flow: `prompt.en.text`, `options.o5.label.fr`
   * (list items named by their key, `itemKeys`: an id, a variable's name, a word as JSON). Empty: the whole node or connection (deleted by one, edited by the other).
   */
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface FlowMerge {
  flow: Flow;
  /**
   * Fields both sides changed differently; `prefer` decided them, and only them. Also listed: a
   * node, connection or option both added under the same id with different content (whole item,
   * `prefer` keeps one), a list both reordered differently (`field` names the list, values are the
   * id orders), and references the merge left pointing at a node neither kept: such connections,
   * the nodes naming it (a `goto`) and the settings naming it are dropped whatever `prefer` says
   * (connections and nodes listed whole, field empty; settings by their path).
   */
  conflicts: MergeConflict[];
}

/**
 * Three-way merge of two editors' versions of a flow, both made from `base`: whatever only one of
 * them changed is kept (nodes, node fields, prompts per locale, options, connections, positions,
 * flow settings); where both changed the same field differently, `prefer` says whose value wins,
 * and the field is listed in `conflicts`. Lists are merged item by item where their items can be
 * told apart (`itemKeys`: ids, a variable's name, words themselves), so one editor adding a node,
 * an option or an example and the other editing another both stay, each on its own item; rows
 * with no identity only by position where that cannot mix two rows, else the list is a conflict.
 */
export function mergeFlows(base: Flow, mine: Flow, theirs: Flow, prefer: 'mine' | 'theirs'): FlowMerge {
  // Test cases, slots and answer mappings of a draft saved before they had ids: the ids each editor's
  // designer gave them on opening it (`withRowIds`, deterministic), so both sides' rows are known
  // by the same ids. A side that left such rows as they were takes the same ids; one that changed
  // them without ids merges by position as before.
  const same = sameness();
  const based = withRowIds(base);
  [mine, theirs] = [alignRowIds(base, based, mine, same), alignRowIds(base, based, theirs, same)];
  base = based;
  // A variable one side renamed is renamed first in the version they started from and in the other
  // side, so the other side's uses of it (new, or edited since) follow the new name instead of
  // naming a variable no longer declared; the rename itself then merges as no change at all.
  [base, theirs] = carryRenames(base, mine, theirs);
  [base, mine] = carryRenames(base, theirs, mine);
  const conflicts: MergeConflict[] = [];
  const merged = mergeValue(base, mine, theirs, [], { prefer, conflicts, same }) as Flow;
  return { flow: dropDangling(merged, base, mine, theirs, conflicts), conflicts };
}

/**
 * `base` and `other` with the variables `renaming` renamed since `base` renamed as it did, with
 * all their uses (`renameVariable`). A rename `other` cannot take (it removed or renamed the
 * variable too, or declares the new name itself) is left to the merge as it is.
 */
function carryRenames(base: Flow, renaming: Flow, other: Flow): [Flow, Flow] {
  for (const [from, to] of renamedVariables(base, renaming)) {
    const [b, o] = [renameVariable(base, from, to), renameVariable(other, from, to)];
    if (b.ok && o.ok) [base, other] = [b.flow, o.flow];
  }
  return [base, other];
}

/**
 * Every reference to a node the merge removed goes, as a connection does, and is listed as a
 * conflict on the whole item: connections to or from it (or from an output of it the merge
 * removed: a menu option, a branch), nodes that name it (a goto: it cannot be
 * kept without its target, so it goes with the connections leading to it, and so on), and flow
 * settings naming it. Canvas sections just forget it. The result has no dangling reference.
 */
function dropDangling(flow: Flow, base: Flow, mine: Flow, theirs: Flow, conflicts: MergeConflict[]): Flow {
  const listed = (key: Pick<MergeConflict, 'nodeId' | 'edgeId' | 'field'>) => conflicts.some((c) => c.nodeId === key.nodeId && c.edgeId === key.edgeId && c.field === key.field);
  const list = (conflict: MergeConflict) => {
    if (!listed(conflict)) conflicts.push(conflict);
  };
  const nodeIn = (f: Flow, id: string) => f.nodes.find((n) => n.id === id);
  const edgeIn = (f: Flow, id: string) => f.edges.find((e) => e.id === id);
  let { nodes, edges } = flow;
  for (;;) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const ids = new Set(byId.keys());
    const keptEdges = edges.filter((edge) => {
      const source = byId.get(edge.source);
      if (source && ids.has(edge.target) && (outputsOf(source).includes(edge.output) || !leftFromOutput(edge, base, mine, theirs))) return true;
      list({ edgeId: edge.id, field: '', base: edgeIn(base, edge.id), mine: edgeIn(mine, edge.id), theirs: edgeIn(theirs, edge.id) });
      return false;
    });
    const keptNodes = nodes.filter((node) => {
      if ((definitionOf(node).nodeReferences?.(node) ?? []).every((ref) => ids.has(ref.nodeId))) return true;
      list({ nodeId: node.id, field: '', base: nodeIn(base, node.id), mine: nodeIn(mine, node.id), theirs: nodeIn(theirs, node.id) });
      return false;
    });
    const settled = keptNodes.length === nodes.length && keptEdges.length === edges.length;
    nodes = keptNodes;
    edges = keptEdges;
    if (settled) break;
  }
  const ids = new Set(nodes.map((n) => n.id));
  const settings = { ...flow.settings };
  for (const key of ['mainMenuNode', 'agentNode'] as const) {
    const target = settings[key];
    if (target === undefined || ids.has(target)) continue;
    delete settings[key];
    list({ field: `settings.${key}`, base: base.settings[key], mine: mine.settings[key], theirs: theirs.settings[key] });
  }
  const layout = flow.layout && {
    ...flow.layout,
    groups: flow.layout.groups.map((g) => ({ ...g, nodes: g.nodes.filter((id) => ids.has(id)) })).filter((g) => g.nodes.length > 0),
  };
  return { ...flow, nodes, edges, settings, ...(layout ? { layout } : {}) };
}

/**
 * The connection, as the merge has it, left from an output its source node had in one of the
 * merged versions: a merge where the output is gone (a menu option one removed, the other
 * connected) leaves it from nothing, so it goes, listed. One already left from nothing in every
 * version it comes from is left for the lint to name.
 */
function leftFromOutput(edge: Flow['edges'][number], ...flows: Flow[]): boolean {
  return flows.some((flow) => {
    const there = flow.edges.find((e) => e.id === edge.id && e.source === edge.source && e.output === edge.output && e.target === edge.target);
    const source = there && flow.nodes.find((n) => n.id === edge.source);
    return source !== undefined && outputsOf(source).includes(edge.output);
  });
}

interface Context {
  prefer: 'mine' | 'theirs';
  conflicts: MergeConflict[];
  same(a: unknown, b: unknown): boolean;
}

/**
 * Equality by canonical JSON for one merge, fast on big flows: the same object is the same value
 * (an undo's documents share every node the step left alone), and each object's JSON is built
 * once from its parts' (the merge compares a node, then its prompt, then its text: serializing
 * each anew made an undo on an 800-node flow cost a whole serialization per level).
 */
function sameness(): (a: unknown, b: unknown) => boolean {
  const cache = new WeakMap<object, string>();
  const json = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return canonicalJson(value);
    const known = cache.get(value);
    if (known !== undefined) return known;
    const record = value as Record<string, unknown>;
    const text = Array.isArray(value)
      ? `[${value.map(json).join(',')}]`
      : `{${Object.keys(record)
          .filter((k) => record[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${json(record[k])}`)
          .join(',')}}`;
    cache.set(value, text);
    return text;
  };
  return (a, b) => a === b || json(a) === json(b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeValue(base: unknown, mine: unknown, theirs: unknown, path: string[], context: Context): unknown {
  if (context.same(mine, theirs)) return mine;
  if (context.same(base, mine)) return theirs;
  if (context.same(base, theirs)) return mine;
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
    const [baseKeys, mineKeys, theirsKeys] = [itemKeys(b, path), itemKeys(mine, path), itemKeys(theirs, path)];
    if (baseKeys && mineKeys && theirsKeys) {
      const field = keyField(path);
      const [mineKeyed, theirsKeyed] = field ? renamed([b, baseKeys], [mine, mineKeys], [theirs, theirsKeys], field, context) : [mineKeys, theirsKeys];
      return mergeByKey([b, baseKeys], [mine, mineKeyed], [theirs, theirsKeyed], path, context);
    }
    // Rows with nothing to know them by: by position only where each row was changed by one side
    // at most (or the same way by both). Merging two different changes of row 2 field by field
    // could put one editor's change on the row the other moved there; the whole list is then a
    // conflict, shown, rather than a row silently changed that nobody changed.
    if (b.length === mine.length && b.length === theirs.length && b.every((item, i) => context.same(item, mine[i]) || context.same(item, theirs[i]) || context.same(mine[i], theirs[i]))) {
      return b.map((item, i) => (context.same(item, mine[i]) ? theirs[i] : mine[i]));
    }
  }
  context.conflicts.push({ ...where(path), base, mine, theirs });
  return context.prefer === 'mine' ? mine : theirs;
}

type Keyed = [items: unknown[], keys: string[]];

/**
 * Each side's keys with its renames undone: an item whose naming field one side changed in place
 * (the designer renames a variable on its row) is known by its name in `base`, so the merge takes
 * it for the same item, renamed, and the other editor's edit of it (marked sensitive) lands on it,
 * instead of a deletion against an edit (a conflict, and either the edit lost or two variables).
 * A rename is an item of the side, new to `base`, where an item of `base` the side no longer has
 * was: after the same item, and equal to it but for `field`. A name the other side added too, for
 * another item, is left as an addition (the merge lists it).
 */
function renamed(base: Keyed, mine: Keyed, theirs: Keyed, field: string, context: Context): [string[], string[]] {
  const [baseItems, baseKeys] = base;
  const pairs = ([items, keys]: Keyed): Map<string, string> => renamedItems([baseItems, baseKeys], [items, keys], field, context.same);
  const [minePairs, theirsPairs] = [pairs(mine), pairs(theirs)];
  const undo = ([, keys]: Keyed, own: Map<string, string>, [, otherKeys]: Keyed, other: Map<string, string>) => {
    const others = new Set(otherKeys);
    return keys.map((key) => {
      const old = own.get(key);
      // The other side has this name for an item of its own (not the same rename): left as is.
      return old !== undefined && (!others.has(key) || other.get(key) === old) ? old : key;
    });
  };
  return [undo(mine, minePairs, theirs, theirsPairs), undo(theirs, theirsPairs, mine, minePairs)];
}

/**
 * Item by item, matched by key (`itemKeys`: an id, a variable's name, a word itself); the order is
 * the one of the side that reordered (theirs when neither did; `prefer`'s, listed as a conflict,
 * when both did differently). An item both added under the same key with different content is one
 * conflict on the whole item, never merged field by field.
 */
function mergeByKey(base: Keyed, mine: Keyed, theirs: Keyed, path: string[], context: Context): unknown[] {
  const byKey = ([items, keys]: Keyed) => new Map(keys.map((key, i) => [key, items[i]]));
  const [b, m, t] = [byKey(base), byKey(mine), byKey(theirs)];
  const commonOrder = ([, keys]: Keyed) => keys.filter((key) => b.has(key) && m.has(key) && t.has(key));
  const [baseOrder, mineOrder, theirsOrder] = [commonOrder(base), commonOrder(mine), commonOrder(theirs)];
  const mineReordered = !context.same(mineOrder, baseOrder);
  const theirsReordered = !context.same(theirsOrder, baseOrder);
  const bothReordered = mineReordered && theirsReordered && !context.same(mineOrder, theirsOrder);
  if (bothReordered) context.conflicts.push({ ...where(path), base: baseOrder, mine: mineOrder, theirs: theirsOrder });
  const mineFirst = bothReordered ? context.prefer === 'mine' : mineReordered && !theirsReordered;
  const [[, primary], [, secondary]] = mineFirst ? [mine, theirs] : [theirs, mine];
  const order = [...primary];
  // An item only the other side has goes after the item it follows there.
  secondary.forEach((key, i) => {
    if (order.includes(key)) return;
    const before = secondary
      .slice(0, i)
      .reverse()
      .find((previous) => order.includes(previous));
    order.splice(before !== undefined ? order.indexOf(before) + 1 : 0, 0, key);
  });
  const out: unknown[] = [];
  for (const key of order) {
    const [baseItem, mineItem, theirsItem] = [b.get(key), m.get(key), t.get(key)];
    if (baseItem === undefined && mineItem !== undefined && theirsItem !== undefined && !context.same(mineItem, theirsItem)) {
      context.conflicts.push({ ...where([...path, key]), base: undefined, mine: mineItem, theirs: theirsItem });
      out.push(context.prefer === 'mine' ? mineItem : theirsItem);
      continue;
    }
    const value = mergeValue(baseItem, mineItem, theirsItem, [...path, key], context);
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
