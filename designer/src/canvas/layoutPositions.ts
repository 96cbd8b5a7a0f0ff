import type { Flow } from '@griot/flows';
import { autoLayout } from './autoLayout.ts';
import { estimateGeometry } from './nodeGeometry.ts';
import { separateOverlaps } from './freeSpot.ts';

type Size = { width: number; height: number };

/**
 * The automatic layout's positions with the nodes' real sizes (measured, else estimated from
 * their outputs, never one fixed guess for all); whatever still covers another node is moved
 * below it, so every handle stays reachable for a connection. A file of its own: the layout
 * library (dagre) comes with it, fetched when « Ranger » is first used, not when the editor opens.
 */
export function layoutPositions(doc: Flow, measured: (id: string) => Size | undefined): Record<string, { x: number; y: number }> {
  const sizes = new Map(doc.nodes.map((n) => [n.id, measured(n.id) ?? estimateGeometry(n).measured]));
  const size = (id: string) => sizes.get(id) as Size;
  const positions = autoLayout(
    doc.nodes.map((n) => ({ id: n.id, ...size(n.id) })),
    doc.edges,
  );
  const nudged = separateOverlaps(Object.entries(positions).map(([id, p]) => ({ id, ...p, ...size(id) })));
  return { ...positions, ...nudged };
}
