import type { Edge as CanvasEdge } from '@xyflow/react';
import type { FlowNode } from '@griot/flows';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's box when it has not been measured yet: the card's usual size. */
const NODE_BOX = { width: 240, height: 160 };
/** A node with more incoming edges than this is a hub (the goodbye, the main menu). */
const HUB_FAN_IN = 25;

function inside(p: { x: number; y: number } | undefined, view: Rect): boolean {
  if (!p) return true;
  return p.x + NODE_BOX.width >= view.x && p.x <= view.x + view.width && p.y + NODE_BOX.height >= view.y && p.y <= view.y + view.height;
}

/**
 * The edges worth drawing on a large flow: those leaving a node in view, those reaching a node
 * in view unless it is a hub, and those of the selected nodes. A goodbye reached from 1,000
 * menus would otherwise draw 1,000 long curves across every view, and software-rendered
 * browsers repaint them on every frame of a drag. Small flows draw every edge.
 */
export function cullEdges(edges: readonly CanvasEdge[], nodes: readonly FlowNode[], view: Rect, selected: ReadonlySet<string>): CanvasEdge[] {
  const positions = new Map(nodes.map((n) => [n.id, n.position]));
  const fanIn = new Map<string, number>();
  for (const e of edges) fanIn.set(e.target, (fanIn.get(e.target) ?? 0) + 1);
  const visible = new Map<string, boolean>();
  const inView = (id: string) => {
    let v = visible.get(id);
    if (v === undefined) visible.set(id, (v = inside(positions.get(id), view)));
    return v;
  };
  return edges.filter((e) => selected.has(e.source) || selected.has(e.target) || inView(e.source) || (inView(e.target) && (fanIn.get(e.target) ?? 0) <= HUB_FAN_IN));
}

/** The part of the flow on screen, widened by half a screen on each side (for panning). */
export function viewRect(viewport: { x: number; y: number; zoom: number }, size: { width: number; height: number }): Rect {
  const width = size.width / viewport.zoom;
  const height = size.height / viewport.zoom;
  return { x: -viewport.x / viewport.zoom - width / 2, y: -viewport.y / viewport.zoom - height / 2, width: width * 2, height: height * 2 };
}
