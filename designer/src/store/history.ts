import { canonicalJson, mergeFlows, type Flow, type MergeConflict } from '@griot/flows';

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
}

export type Stepped = { doc: Flow } | { refused: true };

/**
 * Takes `entry` back (undo; a redo passes the entry the undo left) on the document as it is now.
 * Untouched since the step, that is the document from before it, exactly. Changed since by
 * something that was not a step of this history (a colleague's draft merged in after a conflict,
 * the server's stamps, a restored copy), only the step's own difference is taken back (a three-way
 * merge from the step's result): the colleague's changes stay. Where they changed what the step
 * changed (or built on it: a connection to the node the step added), taking the step back would
 * drop their work, so it is refused rather than done in part.
 */
export function stepBack(entry: HistoryEntry, doc: Flow, overridden: readonly Overridden[] = []): Stepped {
  if (doc === entry.after) return { doc: entry.before };
  const merge = mergeFlows(entry.after, doc, entry.before, 'mine');
  if (merge.conflicts.length > 0) return { refused: true };
  return overridden.some((o) => dropsOverridden(o, doc, merge.flow)) ? { refused: true } : { doc: merge.flow };
}

/**
 * A merge that kept this editor's value over a colleague's saved one (the conflict dialog's
 * « Garder ma version de ces champs »): their draft, the merged document, and those fields.
 * Undoing the step that made this editor's value would put back the value from before both
 * changes, which neither wants: the colleague's is lost for good. `stepBack` refuses that.
 */
export interface Overridden {
  theirs: Flow;
  merged: Flow;
  fields: MergeConflict[];
}

/** The colleague's changes (`base` → `theirs`) that `merged` replaced with this editor's; null when none. */
export function overriddenBy(base: Flow, theirs: Flow, merged: Flow): Overridden | null {
  if (merged === theirs) return null;
  const fields = mergeFlows(base, merged, theirs, 'mine').conflicts;
  return fields.length > 0 ? { theirs, merged, fields } : null;
}

/**
 * An undo (or redo) from `doc` to `next` changes a field the merge `o` decided for this editor to a
 * value that is neither the colleague's nor the merge's (an edit made since the merge may still be
 * taken back to the merged value; steps that leave the field alone are free).
 */
function dropsOverridden(o: Overridden, doc: Flow, next: Flow): boolean {
  return o.fields.some((field) => {
    const after = valueAt(next, field);
    return !same(after, valueAt(doc, field)) && !same(after, valueAt(o.theirs, field)) && !same(after, valueAt(o.merged, field));
  });
}

const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);

/** The value a merge conflict names: its node or connection by id, then the dotted path (list items by id, else by index). */
function valueAt(flow: Flow, { nodeId, edgeId, field }: MergeConflict): unknown {
  let value: unknown = nodeId !== undefined ? flow.nodes.find((n) => n.id === nodeId) : edgeId !== undefined ? flow.edges.find((e) => e.id === edgeId) : flow;
  for (const key of field === '' ? [] : field.split('.')) {
    if (Array.isArray(value)) value = value.find((item) => (item as { id?: unknown } | null)?.id === key) ?? value[Number(key)];
    else if (value !== null && typeof value === 'object') value = (value as Record<string, unknown>)[key];
    else return undefined;
  }
  return value;
}
