import { describe, expect, it } from 'vitest';
import { followViewport } from './followCall.ts';

const pane = { width: 640, height: 750 };
const node = { x: 1000, y: 400, width: 240, height: 120 };

describe('followViewport', () => {
  it('leaves the view alone while the current node is in the free part of the canvas', () => {
    expect(followViewport(node, { x: -800, y: -200, zoom: 1 }, pane)).toBeNull();
  });

  it('pans a node off screen to the middle of what is free, at the same zoom', () => {
    const next = followViewport(node, { x: 0, y: 0, zoom: 0.8 }, pane)!;
    expect(next.zoom).toBe(0.8);
    const left = node.x * 0.8 + next.x;
    const top = node.y * 0.8 + next.y;
    expect(left).toBeGreaterThan(24);
    expect(left + node.width * 0.8).toBeLessThan(pane.width - 24);
    expect(top).toBeGreaterThan(60);
    expect(top + node.height * 0.8).toBeLessThan(pane.height - 140);
  });

  it('pans a node hidden under the minimap at the bottom right', () => {
    // Inside the pane, but its bottom in the minimap's band.
    expect(followViewport(node, { x: -700, y: 150, zoom: 1 }, pane)).not.toBeNull();
  });
});
