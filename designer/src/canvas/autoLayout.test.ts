import { describe, expect, it } from 'vitest';
import { autoLayout } from './autoLayout.ts';

describe('automatic layout', () => {
  it('places the flow left to right, following the edges', () => {
    const nodes = ['start', 'menu', 'a', 'b'].map((id) => ({ id, width: 200, height: 100 }));
    const positions = autoLayout(nodes, [
      { source: 'start', target: 'menu' },
      { source: 'menu', target: 'a' },
      { source: 'menu', target: 'b' },
    ]);
    expect(positions.start!.x).toBeLessThan(positions.menu!.x);
    expect(positions.menu!.x).toBeLessThan(positions.a!.x);
    expect(positions.a!.x).toBe(positions.b!.x);
    expect(Math.abs(positions.a!.y - positions.b!.y)).toBeGreaterThanOrEqual(100);
  });
});

describe('automatic layout of the 1919 flow', () => {
  it('leaves no node on top of another, even before the nodes were ever drawn', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseFlow } = await import('@griot/flows');
    const { layoutPositions } = await import('./useAutoLayout.ts');
    const { estimateGeometry } = await import('./nodeGeometry.ts');
    const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));
    if (!parsed.ok) throw new Error('the example does not parse');
    const doc = parsed.flow;
    const positions = layoutPositions(doc, () => undefined);
    const boxes = doc.nodes.map((n) => ({ id: n.id, ...positions[n.id]!, ...estimateGeometry(n).measured }));
    const overlapping = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        .map((b) => `${a.id}/${b.id}`),
    );
    expect(overlapping).toEqual([]);
  });
});
