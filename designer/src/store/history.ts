import { canonicalJson, itemKeys, lintFlow, mergeFlows, outputsOf, type Flow } from '@griot/flows';

/**
 * One undoable step: the document just before and just after the named action, both as this
 * editor had them. The difference between the two is this editor's own step and nothing else.
 */
export interface HistoryEntry {
  name: string;
  before: Flow;
  after: Flow;
  /** Successive edits with the same key (typing in one field) merge into one step. */
  coalesceKey?: string;
  at: number;
}

/** An undo or redo that could not be done without taking back what someone else saved since. */
export interface RefusedStep {
  name: string;
  direction: 'undo' | 'redo';
  at: number;
  /** Refused because these variables, which the step would take away (a rename, an addition), are used since elsewhere. */
  variables?: string[];
}

export type Stepped = { doc: Flow } | { refused: true; variables?: string[] };

/**
 * Takes `entry` back (undo; a redo passes the entry the undo left) on the document as it is now.
 * Untouched since the step, that is the document from before it, exactly. Changed since by
 * something that was not a step of this history (a colleague's draft merged in after a conflict,
 * the server's stamps, a restored copy), only the step's own difference is taken back (a three-way
 * merge from the step's result): the colleague's changes stay. Where they changed what the step
 * changed (or built on it: a connection to the node the step added), taking the step back would
 * drop their work, so it is refused rather than done in part.
 */
export function stepBack(entry: HistoryEntry, doc: Flow, merges: readonly Merged[] = []): Stepped {
  if (doc === entry.after) return { doc: entry.before };
  const merge = mergeFlows(entry.after, doc, entry.before, 'mine');
  if (merge.conflicts.length > 0) return { refused: true };
  const orphaned = usesLeftWithout(merge.flow, doc, entry.before);
  if (orphaned.length > 0) return { refused: true, variables: orphaned };
  if (merges.length === 0) return { doc: merge.flow };
  const undone = changedPaths(doc, merge.flow);
  if (undone.some((path) => merges.some((m) => dropsTheirs(m, path, merge.flow)))) return { refused: true };
  return { doc: reconnect(merge.flow, doc, merges) };
}

/**
 * Variables the undo takes away (declared in `doc`, not in `next`: the undo of a rename, of an
 * addition) that `next` still uses where `before`, the document the step started from, did not:
 * a prompt, a condition or a mapping written since by someone else with the new name. Taking the
 * step back would leave those uses naming no variable (read as empty on a call, or the draft no
 * longer publishable), so the undo is refused and the editor told which variable.
 */
function usesLeftWithout(next: Flow, doc: Flow, before: Flow): string[] {
  const declared = new Set(next.variables.map((v) => v.name));
  const gone = new Set(doc.variables.map((v) => v.name).filter((name) => !declared.has(name)));
  if (gone.size === 0) return [];
  const uses = (flow: Flow) =>
    lintFlow(flow)
      .filter((issue) => (issue.code === 'variable.undefined' || issue.code === 'variable.undeclared') && gone.has(String(issue.params?.variable)))
      .map((issue) => `${issue.node ?? ''}/${issue.field ?? ''}/${String(issue.params?.variable)}/${issue.code}`);
  const already = new Set(uses(before));
  return [
    ...new Set(
      uses(next)
        .filter((use) => !already.has(use))
        .map((use) => use.split('/')[2] as string),
    ),
  ];
}

/**
 * The colleague's connections a merge dropped because this editor's step had removed their
 * output or an end of them (a menu option they connected, a node they linked to), put back once
 * the undo has brought that back: from the same output to the same node, where the output is
 * free (an output leads to one node) and the connection was not there already.
 */
function reconnect(next: Flow, doc: Flow, merges: readonly Merged[]): Flow {
  const edges = [...next.edges];
  const nodes = new Map(next.nodes.map((n) => [n.id, n]));
  const nodesNow = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const m of merges) {
    const kept = new Set(m.merged.edges.map((e) => e.id));
    for (const edge of m.theirs.edges) {
      if (kept.has(edge.id) || doc.edges.some((e) => e.id === edge.id)) continue;
      // Only one that cannot stand on the document as it is (its output or an end still gone): one
      // that could was deleted since (by a step of this editor's, by another merge), not dropped.
      if (stands(edge, nodesNow)) continue;
      if (!stands(edge, nodes)) continue;
      if (edges.some((e) => e.id === edge.id || (e.source === edge.source && e.output === edge.output))) continue;
      edges.push(edge);
    }
  }
  return edges.length === next.edges.length ? next : { ...next, edges };
}

/** The connection's output and both its ends are in the document (`nodes`, by id). */
function stands(edge: Flow['edges'][number], nodes: ReadonlyMap<string, Flow['nodes'][number]>): boolean {
  const source = nodes.get(edge.source);
  return source !== undefined && nodes.has(edge.target) && outputsOf(source).includes(edge.output);
}

/**
 * A colleague's draft merged into this editor's after a conflict: the draft both started from,
 * theirs, and the merged document. Where both changed a field, the merge may have kept this
 * editor's value (« Garder ma version de ces champs ») or found them equal (both fixed the same
 * typo); either way, taking back this editor's step there would put back the value from before
 * them both, and their change would be lost for good. `stepBack` refuses that.
 */
export interface Merged {
  base: Flow;
  theirs: Flow;
  merged: Flow;
}

/**
 * The undo (or redo) sets, at `path`, a value the colleague had changed (`base` → `theirs`) to one
 * that is neither theirs nor the merge's (an edit made since the merge may still be taken back to
 * the merged value; a step that leaves their fields alone is free).
 */
function dropsTheirs(m: Merged, path: readonly string[], next: Flow): boolean {
  const theirs = valueAt(m.theirs, path);
  if (same(valueAt(m.base, path), theirs)) return false;
  const value = valueAt(next, path);
  return !same(value, theirs) && !same(value, valueAt(m.merged, path));
}

const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Where `a` and `b` differ, as paths the way the merge names them (list items by their key,
 * `itemKeys`, others by index), down to the values that differ. Objects the two share are
 * skipped: an undo's documents share every node the step left alone.
 */
function changedPaths(a: unknown, b: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (a === b) return out;
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) changedPaths(a[key], b[key], [...path, key], out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const [keysA, keysB] = [itemKeys(a, path), itemKeys(b, path)];
    if (keysA && keysB) {
      const [mapA, mapB] = [new Map(keysA.map((key, i) => [key, a[i]])), new Map(keysB.map((key, i) => [key, b[i]]))];
      for (const key of new Set([...keysA, ...keysB])) changedPaths(mapA.get(key), mapB.get(key), [...path, key], out);
      const common = (keys: string[], other: Map<string, unknown>) => keys.filter((key) => other.has(key));
      if (!same(common(keysA, mapB), common(keysB, mapA))) out.push(path);
      return out;
    }
    if (a.length === b.length) {
      a.forEach((item, i) => changedPaths(item, b[i], [...path, String(i)], out));
      return out;
    }
  }
  if (!same(a, b)) out.push(path);
  return out;
}

/** The value at a path from `changedPaths` (list items by key, else by index). */
function valueAt(flow: Flow, path: readonly string[]): unknown {
  let value: unknown = flow;
  for (const [depth, key] of path.entries()) {
    if (Array.isArray(value)) {
      const keys = itemKeys(value, path.slice(0, depth));
      value = keys ? value[keys.indexOf(key)] : value[Number(key)];
    } else if (isRecord(value)) value = value[key];
    else return undefined;
  }
  return value;
}
