import { mergeFlows, type Flow } from '@griot/flows';

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
export function stepBack(entry: HistoryEntry, doc: Flow): Stepped {
  if (doc === entry.after) return { doc: entry.before };
  const merge = mergeFlows(entry.after, doc, entry.before, 'mine');
  return merge.conflicts.length > 0 ? { refused: true } : { doc: merge.flow };
}
