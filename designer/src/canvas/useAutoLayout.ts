import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Flow } from '@griot/flows';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { autoLayout } from './autoLayout.ts';
import { estimateGeometry } from './nodeGeometry.ts';
import { separateOverlaps } from './freeSpot.ts';
import { FIT_VIEW_OPTIONS } from './fitViewOptions.ts';

type Size = { width: number; height: number };

/**
 * The automatic layout's positions with the nodes' real sizes (measured, else estimated from
 * their outputs, never one fixed guess for all); whatever still covers another node is moved
 * below it, so every handle stays reachable for a connection.
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

/** Lays the whole flow out as one undoable step, then fits the view. */
export function useAutoLayout(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    const doc = documentStore.getState().doc;
    if (!doc) return;
    const positions = layoutPositions(doc, (id) => {
      const m = flow.getInternalNode(id)?.measured;
      return m?.width && m.height ? { width: m.width, height: m.height } : undefined;
    });
    documentActions().moveNodes(positions, 'layout');
    requestAnimationFrame(() => void flow.fitView(FIT_VIEW_OPTIONS));
  }, [flow]);
}
