import { outputsOf, type Flow, type FlowNode } from '@griot/flows';
import type { Rect } from './cullEdges.ts';
import type { CanvasNode } from './canvasNodes.ts';
import { estimateGeometry } from './nodeGeometry.ts';
import { freeSpot } from './freeSpot.ts';

/** What the canvas holds now: every drawn box (nodes, folded sections, notes; not section frames). */
export function occupiedBoxes(nodes: readonly CanvasNode[]): Array<Rect & { id: string }> {
  return nodes.flatMap((n) => {
    if (n.hidden || n.type === 'frame') return [];
    const width = n.measured?.width ?? n.width ?? (n.type === 'flow' ? estimateGeometry(n.data.node).measured.width : 220);
    const height = n.measured?.height ?? n.height ?? (n.type === 'flow' ? estimateGeometry(n.data.node).measured.height : 120);
    return [{ id: n.id, x: n.position.x, y: n.position.y, width, height }];
  });
}

/**
 * Where a new node goes: next to the selected node (to its right, lower down when taken), or
 * where it was dropped, or in the middle of the view; never on top of another.
 */
export function newNodePosition(
  node: FlowNode,
  nodes: readonly CanvasNode[],
  place: { selected: readonly string[]; viewCenter: { x: number; y: number } } | { dropAt: { x: number; y: number } },
): { x: number; y: number } {
  const size = estimateGeometry(node).measured;
  const boxes = occupiedBoxes(nodes);
  if ('dropAt' in place) return freeSpot(size, boxes, { near: { x: place.dropAt.x + size.width / 2, y: place.dropAt.y + size.height / 2 } });
  const last = place.selected[place.selected.length - 1];
  const anchor = last ? boxes.find((b) => b.id === last) : undefined;
  return anchor ? freeSpot(size, boxes, { anchor }) : freeSpot(size, boxes, { near: place.viewCenter });
}

/**
 * Which output of the node a new one is added next to leads to it: the one the editor was shown
 * (an "output leads nowhere" issue) when still free, else the node's first free output; none when
 * every output is connected (an edge is never moved without asking).
 */
export function freeOutputToConnect(doc: Pick<Flow, 'nodes' | 'edges'>, sourceId: string, preferred?: string): string | undefined {
  const source = doc.nodes.find((n) => n.id === sourceId);
  if (!source) return undefined;
  const taken = new Set(doc.edges.filter((e) => e.source === sourceId).map((e) => e.output));
  const free = outputsOf(source).filter((o) => !taken.has(o));
  return preferred && free.includes(preferred) ? preferred : free[0];
}

/** How a node added next to `source` is wired in: from a free output, or between `source` and its successor. */
export type NewNodeLink = { source: string; output: string; continueBy?: string };

/**
 * Wires a new node next to the selected one: a free output leads to it; when every output is
 * taken and the node has one (or the editor pointed at one), the new node goes between the node
 * and its successor, continuing by its own first output. A node with several outputs, all taken,
 * gets nothing: which path to cut would be a guess.
 */
export function linkNewNode(doc: Pick<Flow, 'nodes' | 'edges'>, sourceId: string, node: FlowNode, preferred?: string): NewNodeLink | undefined {
  const free = freeOutputToConnect(doc, sourceId, preferred);
  if (free) return { source: sourceId, output: free };
  const source = doc.nodes.find((n) => n.id === sourceId);
  if (!source) return undefined;
  const outputs = outputsOf(source);
  const output = preferred && outputs.includes(preferred) ? preferred : outputs.length === 1 ? outputs[0] : undefined;
  const then = outputsOf(node)[0];
  if (!output || !then) return undefined;
  return { source: sourceId, output, continueBy: then };
}
