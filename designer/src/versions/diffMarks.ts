import type { FlowDiff } from '@griot/flows';
import type { DiffMark } from '../canvas/canvasStore.ts';

/** The canvas marks of a diff: added and changed nodes, and those that only moved. */
export function diffMarks(diff: FlowDiff): Map<string, DiffMark> {
  const marks = new Map<string, DiffMark>();
  for (const n of diff.nodes.added) marks.set(n.id, 'added');
  for (const c of diff.nodes.changed) marks.set(c.id, c.movedOnly ? 'moved' : 'changed');
  return marks;
}
