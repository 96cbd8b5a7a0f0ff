import { describe, expect, it } from 'vitest';
import { openingViewport, READABLE_ZOOM } from './openingViewport.ts';

const box = (x: number, y: number) => ({ x, y, width: 240, height: 160 });

describe('where a flow opens', () => {
  it('a small flow shows whole, at most at 100 %', () => {
    const boxes = new Map([
      ['start', box(0, 0)],
      ['a', box(300, 0)],
    ]);
    const view = openingViewport(['start', 'a'], (id) => boxes.get(id), { width: 1000, height: 800 });
    expect(view.zoom).toBe(1);
    // Centred on the two nodes.
    expect(view.x + 270 * view.zoom).toBeCloseTo(500);
  });

  it('a long flow opens on its start at a readable zoom, not zoomed out on all of it', () => {
    const boxes = new Map<string, ReturnType<typeof box>>(Array.from({ length: 61 }, (_, i) => [`n${i}`, box((i % 8) * 300, Math.floor(i / 8) * 250)]));
    const order = [...boxes.keys()];
    const pane = { width: 800, height: 800 };
    const view = openingViewport(order, (id) => boxes.get(id), pane);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    // The start is on screen.
    const start = boxes.get('n0')!;
    expect(start.x * view.zoom + view.x).toBeGreaterThanOrEqual(0);
    expect((start.x + start.width) * view.zoom + view.x).toBeLessThanOrEqual(pane.width);
    expect(start.y * view.zoom + view.y).toBeGreaterThanOrEqual(0);
  });
});
