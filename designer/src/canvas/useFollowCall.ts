import { useCallback, useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useCanvas } from './canvasStore.ts';
import { followViewport } from './followCall.ts';
import { useSideFolded } from '../editor/sideFold.ts';

/**
 * The canvas follows a simulated call: when the simulator opens (the canvas just got narrower),
 * `showStart` fits the flow's start (where a call begins) to what is left; as the call moves, the view pans to its current node when
 * that node is off screen or under the minimap. Not while the user drags the canvas: their view
 * wins. Returns the move handlers that tell a user's drag from the view's own moves.
 */
export function useFollowCall(showStart: () => void): { onMoveStart(event: unknown): void; onMoveEnd(event: unknown): void } {
  const flow = useReactFlow();
  const panel = useCanvas((s) => s.panel);
  const folded = useSideFolded();
  const current = useCanvas((s) => s.simulation?.current ?? null);
  const dragging = useRef(false);
  const simulatorOpen = panel === 'simulator' && !folded;

  useEffect(() => {
    if (!simulatorOpen) return;
    // Two frames: the side panel has taken its width and the canvas its new size.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(showStart);
    });
    return () => cancelAnimationFrame(frame);
  }, [simulatorOpen, showStart]);

  useEffect(() => {
    if (!current || dragging.current) return;
    const frame = requestAnimationFrame(() => {
      const node = flow.getInternalNode(current);
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!node || node.hidden || !pane || dragging.current) return;
      const box = { ...node.internals.positionAbsolute, width: node.measured.width ?? 240, height: node.measured.height ?? 120 };
      const next = followViewport(box, flow.getViewport(), pane);
      if (next) void flow.setViewport(next, { duration: 300 });
    });
    return () => cancelAnimationFrame(frame);
  }, [current, flow]);

  // React Flow passes the DOM event for a user's pan or zoom, null for the view's own moves.
  const onMoveStart = useCallback((event: unknown) => {
    if (event) dragging.current = true;
  }, []);
  const onMoveEnd = useCallback((event: unknown) => {
    if (event) dragging.current = false;
  }, []);
  return { onMoveStart, onMoveEnd };
}
