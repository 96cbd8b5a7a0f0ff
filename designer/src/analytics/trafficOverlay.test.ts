import { describe, expect, it } from 'vitest';
import type { NodeFigures } from '@griot/flows';
import { edgeWidth, trafficOverlay, worstNodes } from './trafficOverlay.ts';

const node = (id: string, visits: number, extra: Partial<NodeFigures> = {}): NodeFigures => ({ node: id, visits, exits: {}, dropOffs: 0, ended: {}, noInput: 0, noMatch: 0, ...extra });

describe('the traffic overlay', () => {
  it('ranks the worst nodes by the share of callers who gave up there or answered wrong', () => {
    const nodes = [node('mainMenu', 6, { dropOffs: 1, exits: { balance: 3, agent: 2 } }), node('handoff', 2, { dropOffs: 1 }), node('satisfaction', 4, { dropOffs: 1 }), node('goodbye', 3)];
    expect(worstNodes(nodes, 6).map((w) => [w.node, w.reason, Math.round(w.rate * 100)])).toEqual([
      ['handoff', 'dropOff', 50],
      ['satisfaction', 'dropOff', 25],
      ['mainMenu', 'dropOff', 17],
    ]);
  });

  it('lists a node once, for its worse reason, and leaves out nodes too rarely entered', () => {
    const nodes = [node('menu', 500, { dropOffs: 50, noMatch: 200 }), node('rare', 3, { dropOffs: 3 }), node('fine', 400)];
    expect(worstNodes(nodes, 1000)).toEqual([{ node: 'menu', reason: 'noMatch', rate: 0.4, count: 200, visits: 500 }]);
  });

  it('never calls an end node reached after a silence the worst: callers gave up before it', () => {
    const nodes = [node('mainMenu', 100, { dropOffs: 10, exits: { noInput: 20 } }), node('endNoInput', 20, { dropOffs: 20 })];
    expect(worstNodes(nodes, 100).map((w) => w.node)).toEqual(['endNoInput', 'mainMenu']);
    expect(worstNodes(nodes, 100, new Set(['endNoInput'])).map((w) => w.node)).toEqual(['mainMenu']);
    expect(trafficOverlay({ contacts: 100, nodes }, new Set(['endNoInput'])).nodes.get('endNoInput')).toMatchObject({ dropOffs: 20, worst: null });
  });

  it('keeps each node’s figures with its rates and the worst mark, and the busiest output', () => {
    const overlay = trafficOverlay({ contacts: 6, nodes: [node('mainMenu', 6, { dropOffs: 1, exits: { balance: 3, agent: 2 } }), node('handoff', 2, { dropOffs: 1, exits: { done: 1 } })] });
    expect(overlay.maxExit).toBe(3);
    expect(overlay.nodes.get('handoff')).toMatchObject({ visits: 2, dropOffRate: 0.5, worst: 'dropOff' });
    expect(overlay.nodes.get('mainMenu')?.exits).toEqual({ balance: 3, agent: 2 });
    expect(overlay.nodes.get('nowhere')).toBeUndefined();
  });

  it('draws busier edges thicker, never-taken ones thin', () => {
    expect(edgeWidth(0, 3)).toBe(1);
    expect(edgeWidth(3, 3)).toBe(10);
    expect(edgeWidth(2, 3)).toBeGreaterThan(edgeWidth(1, 3));
    expect(edgeWidth(1, 3)).toBeGreaterThan(edgeWidth(0, 3));
  });
});
