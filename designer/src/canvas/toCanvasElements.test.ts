import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@griot/flows';
import { toCanvasEdges, toCanvasNodes } from './toCanvasElements.ts';

const a: FlowNode = { id: 'a', type: 'start', position: { x: 0, y: 0 } };
const b: FlowNode = { id: 'b', type: 'end', position: { x: 200, y: 0 } };

describe('canvas elements', () => {
  it('keeps the canvas node of an unchanged document node (selection and identity)', () => {
    const first = toCanvasNodes([a, b], []);
    const selected = first.map((n) => (n.id === 'b' ? { ...n, selected: true } : n));
    const moved: FlowNode = { ...b, position: { x: 300, y: 0 } };
    const second = toCanvasNodes([a, moved], selected);
    expect(second[0]).toBe(selected[0]);
    expect(second[1]).toMatchObject({ id: 'b', selected: true, position: { x: 300, y: 0 } });
    expect(second[0]?.deletable).toBe(false);
  });

  it('draws an edge from the output handle and marks the simulated path', () => {
    const edges = toCanvasEdges([{ id: 'e', source: 'a', output: 'next', target: 'b' }], [], { simulated: new Set(['e']) });
    expect(edges[0]).toMatchObject({ source: 'a', sourceHandle: 'next', target: 'b', targetHandle: 'in', className: 'sim-path', animated: true });
    const again = toCanvasEdges([{ id: 'e', source: 'a', output: 'next', target: 'b' }], edges, { simulated: new Set(['e']) });
    expect(again[0]).toBe(edges[0]);
  });
});
