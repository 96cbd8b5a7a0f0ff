import type { Edge as CanvasEdge } from '@xyflow/react';
import type { Edge, FlowNode } from '@griot/flows';
import type { FlowCanvasNode } from './FlowNodeCard.tsx';
import { estimateGeometry } from './nodeGeometry.ts';

/**
 * React Flow nodes for the document's nodes. A node whose document object did not change keeps
 * its canvas object (and so its selection and, mid-drag, its position): React Flow and the
 * memoized node component then skip it.
 */
export function toCanvasNodes(nodes: readonly FlowNode[], previous: readonly FlowCanvasNode[], options: { estimate?: boolean } = {}): FlowCanvasNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return nodes.map((node, i) => {
    const old = before.get(node.id);
    if (old && old.data.node === node) return old;
    // Never drawn yet on a large flow: an estimated size spares React Flow a measuring render.
    const estimated = options.estimate && (!old?.measured || old.handles) ? estimateGeometry(node) : null;
    return {
      id: node.id,
      type: 'flow',
      position: node.position ?? old?.position ?? { x: (i % 8) * 300, y: Math.floor(i / 8) * 220 },
      data: { node },
      selected: old?.selected ?? false,
      deletable: node.type !== 'start',
      ...(estimated ?? (old?.measured ? { measured: old.measured } : {})),
    };
  });
}

export interface EdgeMarks {
  simulated?: ReadonlySet<string> | undefined;
  covered?: ReadonlySet<string> | undefined;
  /** What a screen reader says for the edge, in the editor's language (React Flow's default is English). */
  ariaLabel?: ((edge: Edge) => string) | undefined;
}

/** React Flow edges: one per document edge, from the output handle to the target's input. */
export function toCanvasEdges(edges: readonly Edge[], previous: readonly CanvasEdge[], marks: EdgeMarks): CanvasEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  return edges.map((edge) => {
    const classes: string[] = [];
    if (marks.simulated?.has(edge.id)) classes.push('sim-path');
    if (marks.covered) classes.push(marks.covered.has(edge.id) ? 'covered' : 'uncovered');
    const className = classes.join(' ');
    const ariaLabel = marks.ariaLabel?.(edge);
    const old = before.get(edge.id);
    if (old && old.source === edge.source && old.target === edge.target && old.sourceHandle === edge.output && (old.className ?? '') === className && old.ariaLabel === ariaLabel) {
      return old;
    }
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.output,
      targetHandle: 'in',
      selected: old?.selected ?? false,
      ...(className ? { className, animated: marks.simulated?.has(edge.id) ?? false } : {}),
      ...(ariaLabel !== undefined ? { ariaLabel } : {}),
    };
  });
}
