import { Position, type NodeHandle } from '@xyflow/react';
import { outputsOf, type FlowNode } from '@griot/flows';

/** The card's layout in pixels, as styles.css draws it. */
export const CARD = {
  width: 240,
  startWidth: 140,
  /** Top border, header row, type line. */
  head: 3 + 7 + 20 + 12,
  /** A typical body: a two-line prompt with its padding. */
  body: 54,
  outputsPadding: 1 + 3,
  outputRow: 22,
  inputHandleY: 18,
  handle: 10,
};

/**
 * A node's size and handle positions before it has ever been drawn. Large flows hand these to
 * React Flow so it does not draw all their nodes once just to measure them; a node drawn later
 * is measured for real and these estimates are dropped.
 */
export function estimateGeometry(node: FlowNode): { measured: { width: number; height: number }; handles: NodeHandle[] } {
  const width = node.type === 'start' ? CARD.startWidth : CARD.width;
  const outputs = outputsOf(node);
  const body = node.type === 'start' ? 8 : CARD.body;
  const outputsTop = CARD.head + body;
  const height = outputsTop + (outputs.length > 0 ? CARD.outputsPadding + outputs.length * CARD.outputRow + 3 : 0);
  const half = CARD.handle / 2;
  const handles: NodeHandle[] = outputs.map((id, i) => ({
    id,
    type: 'source',
    position: Position.Right,
    x: width - half,
    y: outputsTop + CARD.outputsPadding + i * CARD.outputRow + CARD.outputRow / 2 - half,
    width: CARD.handle,
    height: CARD.handle,
  }));
  if (node.type !== 'start') {
    handles.push({ id: 'in', type: 'target', position: Position.Left, x: -half, y: CARD.inputHandleY - half, width: CARD.handle, height: CARD.handle });
  }
  return { measured: { width, height }, handles };
}
