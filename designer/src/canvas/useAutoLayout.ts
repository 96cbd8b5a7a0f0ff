import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { autoLayout } from './autoLayout.ts';

/** Lays the whole flow out with the nodes' measured sizes, as one undoable step, then fits the view. */
export function useAutoLayout(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    const doc = documentStore.getState().doc;
    if (!doc) return;
    const sizes = new Map(flow.getNodes().map((n) => [n.id, n.measured]));
    const positions = autoLayout(
      doc.nodes.map((n) => ({ id: n.id, width: sizes.get(n.id)?.width ?? 240, height: sizes.get(n.id)?.height ?? 120 })),
      doc.edges,
    );
    documentActions().moveNodes(positions, 'layout');
    requestAnimationFrame(() => void flow.fitView({ duration: 300, maxZoom: 1 }));
  }, [flow]);
}
