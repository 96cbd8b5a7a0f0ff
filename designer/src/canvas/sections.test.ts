import { describe, expect, it } from 'vitest';
import { frameRect, hiddenInSections, routeAroundSections, FRAME_HEADER, FRAME_PADDING } from './sections.ts';

const edge = (id: string, source: string, output: string, target: string) => ({ id, source, sourceHandle: output, target, targetHandle: 'in' });

describe('sections on the canvas', () => {
  it('frames its nodes with room for the title', () => {
    const rect = frameRect([
      { x: 0, y: 0, width: 240, height: 100 },
      { x: 300, y: 200, width: 240, height: 100 },
    ]);
    expect(rect).toEqual({ x: -FRAME_PADDING, y: -FRAME_PADDING - FRAME_HEADER, width: 540 + 2 * FRAME_PADDING, height: 300 + 2 * FRAME_PADDING + FRAME_HEADER });
  });

  it('folded, its connections are drawn to and from its card, once per pair, and the inside ones not at all', () => {
    const hidden = hiddenInSections([
      { id: 'puk', label: 'PUK', nodes: ['lookup', 'read'], collapsed: true },
      { id: 'open', label: 'Open', nodes: ['menu'] },
    ]);
    const edges = [edge('e1', 'menu', 'o1', 'lookup'), edge('e2', 'lookup', 'ok', 'read'), edge('e3', 'read', 'next', 'bye'), edge('e4', 'lookup', 'error', 'bye'), edge('e5', 'menu', 'o2', 'bye')];
    const drawn = routeAroundSections(edges, hidden).map((e) => `${e.source}.${e.sourceHandle}→${e.target}`);
    expect(drawn).toEqual(['menu.o1→section:puk', 'section:puk.out→bye', 'menu.o2→bye']);
  });
});
