import type { Edge, Flow, FlowNode } from '@griot/flows';
import { uniqueId } from '../store/uniqueId.ts';

/** What copy puts aside: nodes and the edges between them. */
export interface ClipboardContent {
  format: 'griot-nodes';
  nodes: FlowNode[];
  edges: Edge[];
}

export function copyNodes(doc: Flow, ids: readonly string[]): ClipboardContent | null {
  const chosen = new Set(ids);
  const nodes = doc.nodes.filter((n) => chosen.has(n.id) && n.type !== 'start');
  if (nodes.length === 0) return null;
  const kept = new Set(nodes.map((n) => n.id));
  const edges = doc.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return { format: 'griot-nodes', nodes, edges };
}

/**
 * The clipboard's nodes ready to add to `doc`: fresh ids where they clash, edges and jumps
 * between them following the new ids, moved by `offset`.
 */
export function pasteNodes(doc: Flow, content: ClipboardContent, offset: { x: number; y: number }): { nodes: FlowNode[]; edges: Edge[] } {
  const takenNodes = new Set(doc.nodes.map((n) => n.id));
  const takenEdges = new Set(doc.edges.map((e) => e.id));
  const ids = new Map<string, string>();
  for (const node of content.nodes) {
    const id = uniqueId(node.id, takenNodes);
    takenNodes.add(id);
    ids.set(node.id, id);
  }
  const nodes = content.nodes.map((node): FlowNode => {
    const moved = {
      ...node,
      id: ids.get(node.id) as string,
      position: { x: (node.position?.x ?? 0) + offset.x, y: (node.position?.y ?? 0) + offset.y },
    };
    return moved.type === 'goto' && ids.has(moved.target) ? { ...moved, target: ids.get(moved.target) as string } : moved;
  });
  const edges = content.edges.map((edge) => {
    const id = uniqueId(edge.id, takenEdges);
    takenEdges.add(id);
    return { ...edge, id, source: ids.get(edge.source) as string, target: ids.get(edge.target) as string };
  });
  return { nodes, edges };
}

/** Reads what another tab or window copied (the system clipboard holds JSON text). */
export function parseClipboard(text: string): ClipboardContent | null {
  try {
    const value = JSON.parse(text) as Partial<ClipboardContent>;
    return value.format === 'griot-nodes' && Array.isArray(value.nodes) && Array.isArray(value.edges) ? (value as ClipboardContent) : null;
  } catch {
    return null;
  }
}
