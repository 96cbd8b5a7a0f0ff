import { memo, useEffect } from 'react';
import { useStore } from '@xyflow/react';

/** Below this zoom the words on the nodes are too small to read. */
const LOW_DETAIL_ZOOM = 0.35;

/**
 * Zoomed far out, the nodes keep their shape and colour but their texts are not painted
 * (a class on the canvas, so no node re-renders): a whole 1,000-node flow stays fluid.
 */
export const DetailLevel = memo(function DetailLevel() {
  const low = useStore((s) => s.transform[2] < LOW_DETAIL_ZOOM);
  const domNode = useStore((s) => s.domNode);
  useEffect(() => {
    domNode?.classList.toggle('low-detail', low);
  }, [low, domNode]);
  return null;
});
