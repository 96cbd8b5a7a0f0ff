import type { Viewport } from '@xyflow/react';
import { CANVAS_TOOLBAR_HEIGHT } from './fitViewOptions.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The minimap's place at the canvas's bottom right (its size and margin), which hides what is under it. */
const MINIMAP_BAND = 110 + 30;
const MARGIN = 24;

/**
 * The viewport that brings the call's current node (`node`, in flow coordinates) into view, or
 * null when it is already in view: clear of the toolbar at the top and of the minimap's band at
 * the bottom. The zoom stays as the user left it (no jump in and out at every step); the view
 * pans so the node sits in the middle of what is free.
 */
export function followViewport(node: Box, viewport: Viewport, pane: { width: number; height: number }): Viewport | null {
  const { zoom } = viewport;
  const free = { left: MARGIN, top: CANVAS_TOOLBAR_HEIGHT + 12, right: pane.width - MARGIN, bottom: pane.height - MINIMAP_BAND };
  if (free.right <= free.left || free.bottom <= free.top) return null;
  const left = node.x * zoom + viewport.x;
  const top = node.y * zoom + viewport.y;
  const right = left + node.width * zoom;
  const bottom = top + node.height * zoom;
  if (left >= free.left && right <= free.right && top >= free.top && bottom <= free.bottom) return null;
  const cx = (free.left + free.right) / 2;
  const cy = (free.top + free.bottom) / 2;
  return { x: cx - (node.x + node.width / 2) * zoom, y: cy - (node.y + node.height / 2) * zoom, zoom };
}
