import type { Rect } from './cullEdges.ts';

/** Room kept between a new node and its neighbours. */
export const GAP = 40;

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * Where a new node of `size` goes without covering another: right of `anchor` (the selected
 * node) at its height, else lower down that column, else in the next columns; without an
 * anchor, at `near` (the middle of the view) or the closest free place around it.
 */
export function freeSpot(size: { width: number; height: number }, occupied: readonly Rect[], place: { anchor: Rect } | { near: { x: number; y: number } }): { x: number; y: number } {
  const fits = (x: number, y: number) => !occupied.some((r) => overlaps({ x, y, width: size.width, height: size.height }, r, GAP));
  if ('anchor' in place) {
    const { anchor } = place;
    const step = 40;
    for (let column = 0; column < 20; column += 1) {
      const x = anchor.x + anchor.width + 80 + column * (size.width + 80);
      for (let k = 0; k < 60; k += 1) {
        // Its own height first, then alternately below and above it, moving away.
        const offset = Math.ceil(k / 2) * step * (k % 2 === 1 ? 1 : -1);
        const y = anchor.y + offset;
        if (fits(x, y)) return { x: Math.round(x), y: Math.round(y) };
      }
    }
    return { x: Math.round(anchor.x + anchor.width + 80), y: Math.round(anchor.y) };
  }
  const start = { x: place.near.x - size.width / 2, y: place.near.y - size.height / 2 };
  if (fits(start.x, start.y)) return { x: Math.round(start.x), y: Math.round(start.y) };
  // Rings of candidates around the spot, nearest first.
  const step = 60;
  for (let ring = 1; ring < 40; ring += 1) {
    const candidates: Array<{ x: number; y: number }> = [];
    for (let i = -ring; i <= ring; i += 1) {
      candidates.push({ x: start.x + i * step, y: start.y - ring * step }, { x: start.x + i * step, y: start.y + ring * step });
      candidates.push({ x: start.x - ring * step, y: start.y + i * step }, { x: start.x + ring * step, y: start.y + i * step });
    }
    candidates.sort((a, b) => Math.hypot(a.x - start.x, a.y - start.y) - Math.hypot(b.x - start.x, b.y - start.y));
    const found = candidates.find((c) => fits(c.x, c.y));
    if (found) return { x: Math.round(found.x), y: Math.round(found.y) };
  }
  return { x: Math.round(start.x), y: Math.round(start.y) };
}

/**
 * Moves nodes down until none covers another (with a gap), keeping their order and columns:
 * what an automatic layout leaves when sizes changed after it, or a document drawn elsewhere.
 * Returns only the positions that changed.
 */
export function separateOverlaps(boxes: ReadonlyArray<Rect & { id: string }>, gap = 24): Record<string, { x: number; y: number }> {
  const placed: Array<Rect & { id: string }> = [];
  const moved: Record<string, { x: number; y: number }> = {};
  const sorted = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const box of sorted) {
    const current = { ...box };
    for (let guard = 0; guard < 1000; guard += 1) {
      const hit = placed.find((p) => overlaps(current, p, gap));
      if (!hit) break;
      current.y = hit.y + hit.height + gap;
    }
    if (current.y !== box.y) moved[box.id] = { x: box.x, y: Math.round(current.y) };
    placed.push(current);
  }
  return moved;
}
