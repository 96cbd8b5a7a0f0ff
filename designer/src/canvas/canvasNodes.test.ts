import { describe, expect, it } from 'vitest';
import type { CanvasLayout, FlowNode } from '@griot/flows';
import { assembleCanvas, type SectionCanvasNode } from './canvasNodes.ts';
import { toCanvasNodes } from './toCanvasElements.ts';

const lookup: FlowNode = { id: 'lookup', type: 'end', label: 'Chercher le PUK', position: { x: 0, y: 0 } };
const read: FlowNode = { id: 'read', type: 'end', label: 'Lire le PUK', position: { x: 300, y: 0 } };
const layout: CanvasLayout = { groups: [{ id: 'puk', label: 'PUK', nodes: ['lookup', 'read'], collapsed: true }], notes: [] };

const sectionCard = (docNodes: FlowNode[], previous: ReturnType<typeof assembleCanvas>) =>
  assembleCanvas(toCanvasNodes(docNodes, []), docNodes, layout, previous, false).find((n) => n.type === 'section') as SectionCanvasNode;

describe('a folded section’s card', () => {
  it('lists its nodes’ names as they are now: one renamed while the section is folded (an undo, a merged change) is shown renamed', () => {
    const first = sectionCard([lookup, read], []);
    expect(first.data.labels).toEqual(['Chercher le PUK', 'Lire le PUK']);
    const renamed = sectionCard([{ ...lookup, label: 'Trouver la SIM' }, read], [first]);
    expect(renamed.data.labels).toEqual(['Trouver la SIM', 'Lire le PUK']);
  });

  it('keeps its card (nothing drawn again) while its nodes and their names are unchanged', () => {
    const first = sectionCard([lookup, read], []);
    expect(sectionCard([lookup, { ...read }], [first])).toBe(first);
  });
});
