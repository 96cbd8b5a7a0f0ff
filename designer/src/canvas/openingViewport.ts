import type { Rect } from './cullEdges.ts';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Below this zoom a card's words are hard to read (DetailLevel stops painting them at 0.35). */
export const READABLE_ZOOM = 0.75;

/**
 * Where a flow opens: on the start and as many of the nodes that follow it (in the order the
 * call meets them) as fit in the pane at a readable zoom, centred. A small flow shows whole; a
 * large one opens on its beginning instead of a view of empty boxes.
 */
export function openingViewport(
  order: readonly string[],
  boxOf: (id: string) => Rect | undefined,
  pane: { width: number; height: number },
  options: { minZoom?: number; maxZoom?: number; padding?: number } = {},
): Viewport {
  const minZoom = options.minZoom ?? READABLE_ZOOM;
  const maxZoom = options.maxZoom ?? 1;
  const padding = options.padding ?? 40;
  const fit = (box: Rect) => Math.min(maxZoom, (pane.width - 2 * padding) / Math.max(box.width, 1), (pane.height - 2 * padding) / Math.max(box.height, 1));
  let shown: Rect | null = null;
  for (const id of order) {
    const box = boxOf(id);
    if (!box) continue;
    const grown: Rect = shown ? union(shown, box) : box;
    // The start is always shown; the others only while everything still reads.
    if (shown && fit(grown) < minZoom) continue;
    shown = grown;
  }
  if (!shown) return { x: 0, y: 0, zoom: 1 };
  const zoom = Math.max(minZoom, fit(shown));
  return {
    x: pane.width / 2 - (shown.x + shown.width / 2) * zoom,
    y: pane.height / 2 - (shown.y + shown.height / 2) * zoom,
    zoom,
  };
}

export function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
