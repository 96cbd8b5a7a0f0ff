import { Graph, layout } from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

/**
 * Places the nodes left to right by the way the call goes (dagre), each output's edge ordered
 * as the node lists its outputs. Returns top-left positions, as React Flow and the document use.
 */
export function autoLayout(nodes: readonly LayoutNode[], edges: ReadonlyArray<{ source: string; target: string }>): Record<string, { x: number; y: number }> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set<string>();
  for (const n of nodes) {
    graph.setNode(n.id, { width: n.width, height: n.height });
    known.add(n.id);
  }
  edges.forEach((e, i) => {
    if (known.has(e.source) && known.has(e.target) && e.source !== e.target) graph.setEdge(e.source, e.target, {}, `e${i}`);
  });
  layout(graph);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const placed = graph.node(n.id) as { x: number; y: number } | undefined;
    if (placed) positions[n.id] = { x: Math.round(placed.x - n.width / 2), y: Math.round(placed.y - n.height / 2) };
  }
  return positions;
}
