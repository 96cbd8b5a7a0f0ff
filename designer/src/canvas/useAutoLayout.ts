import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { FIT_VIEW_OPTIONS } from './fitViewOptions.ts';
import { loadLayoutPositions } from '../editor/editorParts.tsx';

/** Lays the whole flow out as one undoable step, then fits the view. */
export function useAutoLayout(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    void loadLayoutPositions().then(({ layoutPositions }) => {
      const doc = documentStore.getState().doc;
      if (!doc) return;
      const positions = layoutPositions(doc, (id) => {
        const m = flow.getInternalNode(id)?.measured;
        return m?.width && m.height ? { width: m.width, height: m.height } : undefined;
      });
      documentActions().moveNodes(positions, 'layout');
      requestAnimationFrame(() => void flow.fitView(FIT_VIEW_OPTIONS));
    });
  }, [flow]);
}
