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
