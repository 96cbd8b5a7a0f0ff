import type { Node } from '@xyflow/react';
import type { CanvasGroup, CanvasLayout, FlowNode, StickyNote } from '@griot/flows';
import type { FlowCanvasNode } from './FlowNodeCard.tsx';
import type { Rect } from './cullEdges.ts';
import { estimateGeometry } from './nodeGeometry.ts';
import { frameId, frameRect, noteNodeId, SECTION_CARD, sectionId } from './sections.ts';

export type FrameCanvasNode = Node<{ group: CanvasGroup; readOnly: boolean }, 'frame'>;
export type SectionCanvasNode = Node<{ group: CanvasGroup; labels: string[]; readOnly: boolean }, 'section'>;
export type NoteCanvasNode = Node<{ note: StickyNote; readOnly: boolean }, 'note'>;
/** Everything the canvas draws: the flow's nodes, the frames of sections, folded sections, sticky notes. */
export type CanvasNode = FlowCanvasNode | FrameCanvasNode | SectionCanvasNode | NoteCanvasNode;

export const NOTE_WIDTH = 220;
const NO_LAYOUT: CanvasLayout = { groups: [], notes: [] };

export const isFlowCanvasNode = (n: CanvasNode): n is FlowCanvasNode => n.type === 'flow';

/** A flow node's box on the canvas: as measured, else as estimated. */
export function boxOf(node: FlowCanvasNode): Rect {
  const size = node.measured?.width ? { width: node.measured.width, height: node.measured.height ?? 120 } : estimateGeometry(node.data.node).measured;
  return { x: node.position.x, y: node.position.y, ...size };
}

/** The flow nodes with those inside folded sections hidden (and no longer selected). */
export function hideFolded(nodes: FlowCanvasNode[], hidden: ReadonlyMap<string, string>): FlowCanvasNode[] {
  return nodes.map((n) => {
    const fold = hidden.has(n.id);
    if (Boolean(n.hidden) === fold) return n;
    return fold ? { ...n, hidden: true, selected: false } : { ...n, hidden: false };
  });
}

/** The frame of each unfolded section around its nodes, keeping the previous object when nothing moved. */
export function frameNodes(groups: readonly CanvasGroup[], flowNodes: readonly FlowCanvasNode[], previous: ReadonlyMap<string, CanvasNode>, readOnly: boolean): FrameCanvasNode[] {
  const byId = new Map(flowNodes.map((n) => [n.id, n]));
  const frames: FrameCanvasNode[] = [];
  for (const group of groups) {
    if (group.collapsed) continue;
    const rect = frameRect(group.nodes.flatMap((id) => (byId.get(id) ? [boxOf(byId.get(id) as FlowCanvasNode)] : [])));
    if (!rect) continue;
    const id = frameId(group.id);
    const old = previous.get(id) as FrameCanvasNode | undefined;
    if (old && old.data.group === group && old.data.readOnly === readOnly && old.position.x === rect.x && old.position.y === rect.y && old.width === rect.width && old.height === rect.height) {
      frames.push(old);
      continue;
    }
    frames.push({
      id,
      type: 'frame',
      position: { x: rect.x, y: rect.y },
      width: rect.width,
      height: rect.height,
      // Over the nodes, so its title bar is never covered by a neighbour; its body lets the mouse through
      // (React Flow sets pointer-events inline, after its own, from `style`; the title bar takes them back in styles.css).
      data: { group, readOnly },
      draggable: false,
      selectable: false,
      focusable: false,
      deletable: false,
      zIndex: 1,
      style: { pointerEvents: 'none' },
    });
  }
  return frames;
}

/** A card for each folded section, where its nodes begin. */
export function sectionNodes(groups: readonly CanvasGroup[], docNodes: readonly FlowNode[], previous: ReadonlyMap<string, CanvasNode>, readOnly: boolean): SectionCanvasNode[] {
  const byId = new Map(docNodes.map((n) => [n.id, n]));
  const cards: SectionCanvasNode[] = [];
  for (const group of groups) {
    if (!group.collapsed) continue;
    const members = group.nodes.flatMap((id) => (byId.get(id) ? [byId.get(id) as FlowNode] : []));
    if (members.length === 0) continue;
    const x = Math.min(...members.map((n) => n.position?.x ?? 0));
    const y = Math.min(...members.map((n) => n.position?.y ?? 0));
    const id = sectionId(group.id);
    const old = previous.get(id) as SectionCanvasNode | undefined;
    // The card lists its nodes' names: a node renamed while folded (an undo, another editor's change merged) leaves the group as it was.
    const labels = members.map((n) => n.label || n.id);
    if (old && old.data.group === group && old.data.readOnly === readOnly && old.position.x === x && old.position.y === y && sameLabels(old.data.labels, labels)) {
      cards.push(old);
      continue;
    }
    cards.push({
      id,
      type: 'section',
      position: { x, y },
      width: SECTION_CARD.width,
      height: SECTION_CARD.height,
      data: { group, labels, readOnly },
      draggable: false,
      deletable: false,
      ...(old?.selected ? { selected: true } : {}),
    });
  }
  return cards;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/** The sticky notes, keeping their canvas objects (selection, measured size) while unchanged. */
export function noteNodes(notes: readonly StickyNote[], previous: ReadonlyMap<string, CanvasNode>, readOnly: boolean): NoteCanvasNode[] {
  return notes.map((note) => {
    const id = noteNodeId(note.id);
    const old = previous.get(id) as NoteCanvasNode | undefined;
    if (old && old.data.note === note && old.data.readOnly === readOnly) return old;
    return {
      id,
      type: 'note',
      position: note.position,
      data: { note, readOnly },
      draggable: !readOnly,
      deletable: !readOnly,
      style: { width: NOTE_WIDTH },
      ...(old ? { selected: old.selected ?? false, ...(old.measured ? { measured: old.measured } : {}) } : {}),
    };
  });
}

/** The whole canvas: frames behind, then the flow's nodes, folded sections and notes. */
export function assembleCanvas(flowNodes: FlowCanvasNode[], docNodes: readonly FlowNode[], layout: CanvasLayout | undefined, previous: readonly CanvasNode[], readOnly: boolean): CanvasNode[] {
  const { groups, notes } = layout ?? NO_LAYOUT;
  if (groups.length === 0 && notes.length === 0) return flowNodes;
  const before = new Map(previous.map((n) => [n.id, n]));
  return [...frameNodes(groups, flowNodes, before, readOnly), ...flowNodes, ...sectionNodes(groups, docNodes, before, readOnly), ...noteNodes(notes, before, readOnly)];
}

/** After a drag or a measurement: the frames follow their nodes. */
export function refreshFrames(nodes: CanvasNode[], layout: CanvasLayout | undefined, readOnly: boolean): CanvasNode[] {
  const groups = layout?.groups ?? [];
  if (!groups.some((g) => !g.collapsed)) return nodes;
  const flowNodes = nodes.filter(isFlowCanvasNode);
  const before = new Map(nodes.map((n) => [n.id, n]));
  const frames = new Map(frameNodes(groups, flowNodes, before, readOnly).map((f) => [f.id, f]));
  let changed = false;
  const next = nodes.map((n) => {
    if (n.type !== 'frame') return n;
    const frame = frames.get(n.id);
    if (frame && frame !== n) changed = true;
    return frame ?? n;
  });
  return changed ? next : nodes;
}
