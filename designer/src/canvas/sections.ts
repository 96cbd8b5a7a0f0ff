import type { Edge as CanvasEdge } from '@xyflow/react';
import type { CanvasGroup } from '@griot/flows';
import type { Rect } from './cullEdges.ts';
import { union } from './openingViewport.ts';

/** Room around a section's nodes, and the height of its title bar above them. */
export const FRAME_PADDING = 24;
export const FRAME_HEADER = 40;
/** A folded section's card. */
export const SECTION_CARD = { width: 260, height: 110 };

export const frameId = (groupId: string) => `frame:${groupId}`;
export const sectionId = (groupId: string) => `section:${groupId}`;
export const noteNodeId = (noteId: string) => `note:${noteId}`;
/** Canvas ids of frames, folded sections and notes hold a colon; node ids never do. */
export const isFlowNodeId = (id: string) => !id.includes(':');

/** The frame drawn around a section's nodes. */
export function frameRect(boxes: readonly Rect[]): Rect | null {
  if (boxes.length === 0) return null;
  const box = boxes.reduce(union);
  return {
    x: box.x - FRAME_PADDING,
    y: box.y - FRAME_PADDING - FRAME_HEADER,
    width: box.width + 2 * FRAME_PADDING,
    height: box.height + 2 * FRAME_PADDING + FRAME_HEADER,
  };
}

/** The section each node of a folded section is hidden in. */
export function hiddenInSections(groups: readonly CanvasGroup[]): Map<string, string> {
  const hidden = new Map<string, string>();
  for (const g of groups) if (g.collapsed) for (const id of g.nodes) hidden.set(id, g.id);
  return hidden;
}

/**
 * The edges as drawn with some sections folded: a connection from or to a node inside a folded
 * section is drawn from or to its card (one line per pair of ends), connections inside it are
 * not drawn. Those lines are the document's edges seen from afar: they cannot be selected or
 * deleted on their own.
 */
export function routeAroundSections(edges: readonly CanvasEdge[], hidden: ReadonlyMap<string, string>): CanvasEdge[] {
  if (hidden.size === 0) return edges as CanvasEdge[];
  const out: CanvasEdge[] = [];
  const seen = new Set<string>();
  for (const edge of edges) {
    const from = hidden.get(edge.source);
    const to = hidden.get(edge.target);
    if (!from && !to) {
      out.push(edge);
      continue;
    }
    if (from && from === to) continue;
    const source = from ? sectionId(from) : edge.source;
    const sourceHandle = from ? 'out' : (edge.sourceHandle ?? null);
    const target = to ? sectionId(to) : edge.target;
    const id = `via:${source}:${sourceHandle ?? ''}->${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      id,
      source,
      sourceHandle,
      target,
      targetHandle: 'in',
      selectable: false,
      deletable: false,
      ...(edge.className ? { className: `${edge.className} via-section` } : { className: 'via-section' }),
    });
  }
  return out;
}
