import type { Edge, Flow, FlowNode } from '@griot/flows';
import { uniqueId } from '../store/uniqueId.ts';
import { signedInUserId } from '../app/sessionStore.ts';
import { deviceStorage } from '../app/deviceStorage.ts';

/** What copy puts aside: nodes and the edges between them. */
export interface ClipboardContent {
  format: 'griot-nodes';
  /** The flow they were copied from: pasted in another, their recordings are copied too. */
  flowId?: string;
  /** When they were copied (ms since 1970): of two copies within reach, a paste takes the later. */
  copiedAt?: number;
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

export const KEPT_COPY_PREFIX = 'griot.clipboard.';
/** Under the user who copied: gone when they sign out or their session ends, and at another user's sign-in (app/deviceTraces.ts). */
const keptKey = (userId: string) => `${KEPT_COPY_PREFIX}${userId}`;

/**
 * Keeps the copy on this device, at once: the system clipboard is written later and may never be
 * (no permission, a page served over plain HTTP, another flow opened before the browser got to it),
 * and what the editor held goes with the flow it was copied in.
 */
export function keepCopy(content: ClipboardContent, store = deviceStorage(), userId = signedInUserId()): void {
  try {
    store?.setItem(keptKey(userId), JSON.stringify(content));
  } catch {
    // Full or forbidden (private browsing): the system clipboard is then the only copy.
  }
}

/** The last copy made in a Griot editor of this site on this device, if any. */
export function readKeptCopy(store = deviceStorage(), userId = signedInUserId()): ClipboardContent | null {
  try {
    return parseClipboard(store?.getItem(keptKey(userId)) ?? '');
  } catch {
    return null;
  }
}

/** The later of two copies (one that does not say when counts as older); `a` when they tie. */
export function laterCopy(a: ClipboardContent | null, b: ClipboardContent | null): ClipboardContent | null {
  if (!a || !b) return a ?? b;
  return (b.copiedAt ?? 0) > (a.copiedAt ?? 0) ? b : a;
}

/** The part of the flow the canvas shows, in flow coordinates. */
export interface VisibleArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far each paste moves from the copied nodes, or from the one before it. */
export const PASTE_OFFSET = 40;
/** About one card's size: the copied nodes' corner is their position, their extent a card beyond. */
const CARD = { width: 240, height: 120 };

/**
 * How far the `pastes`-th paste of `content` moves its nodes. Beside the copied nodes (40 px down
 * and right per paste) while that spot is in view, as a duplicate is. When the editor has gone
 * elsewhere in a large flow (a branch copied to another place) or into another flow, the copy
 * lands in the middle of what the canvas shows, moved on while a node already sits there, so a
 * second paste is not hidden under the first. Without a known view, beside the copied nodes.
 */
export function pasteOffset(doc: Flow, content: ClipboardContent, pastes: number, view: VisibleArea | null): { x: number; y: number } {
  const beside = { x: PASTE_OFFSET * pastes, y: PASTE_OFFSET * pastes };
  const positions = content.nodes.map((n) => ({ x: n.position?.x ?? 0, y: n.position?.y ?? 0 }));
  if (!view || positions.length === 0) return beside;
  const box = {
    left: Math.min(...positions.map((p) => p.x)),
    top: Math.min(...positions.map((p) => p.y)),
    right: Math.max(...positions.map((p) => p.x)) + CARD.width,
    bottom: Math.max(...positions.map((p) => p.y)) + CARD.height,
  };
  const centre = { x: (box.left + box.right) / 2 + beside.x, y: (box.top + box.bottom) / 2 + beside.y };
  const inView = centre.x >= view.x && centre.x <= view.x + view.width && centre.y >= view.y && centre.y <= view.y + view.height;
  if (inView) return beside;
  const offset = {
    x: Math.round(view.x + view.width / 2 - (box.left + box.right) / 2),
    y: Math.round(view.y + view.height / 2 - (box.top + box.bottom) / 2),
  };
  const taken = new Set(doc.nodes.map((n) => `${n.position?.x ?? 0},${n.position?.y ?? 0}`));
  const clashes = () => positions.some((p) => taken.has(`${p.x + offset.x},${p.y + offset.y}`));
  for (let tries = 0; tries < 50 && clashes(); tries += 1) {
    offset.x += PASTE_OFFSET;
    offset.y += PASTE_OFFSET;
  }
  return offset;
}
