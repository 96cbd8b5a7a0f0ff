import type { Edge, Flow, FlowNode } from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { setAt } from '../paths.ts';
import { uniqueId } from '../uniqueId.ts';
import { layoutAfterNodeChanges } from './layout.ts';

type Position = { x: number; y: number };

/** Node edits: add, change, rename, move, lay out, delete. */
export const nodeActions = (apply: Apply) => ({
  /**
   * A new node; `from`, the output that leads to it (one undo step for both). With `continueBy`, the
   * output was taken: the new node goes between, and its `continueBy` output leads where `from` led.
   */
  addNode(node: FlowNode, from?: { source: string; output: string; continueBy?: string }) {
    apply('addNode', (doc) => {
      const nodes = [...doc.nodes, node];
      if (!from) return { ...doc, nodes };
      const ids = new Set(doc.edges.map((e) => e.id));
      const existing = doc.edges.find((e) => e.source === from.source && e.output === from.output);
      if (!existing) {
        return { ...doc, nodes, edges: [...doc.edges, { id: uniqueId(`${from.source}-${from.output}`, ids), source: from.source, output: from.output, target: node.id }] };
      }
      if (!from.continueBy) return { ...doc, nodes };
      const onward = { id: uniqueId(`${node.id}-${from.continueBy}`, ids), source: node.id, output: from.continueBy, target: existing.target };
      return { ...doc, nodes, edges: [...doc.edges.map((e) => (e === existing ? { ...e, target: node.id } : e)), onward] };
    });
  },

  /** Pasted or duplicated nodes, with the edges between them (ids already made unique). */
  pasteNodes(nodes: FlowNode[], edges: Edge[]) {
    if (nodes.length === 0) return;
    apply('paste', (doc) => ({ ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }));
  },

  /** Replaces one node by what `change` makes of it; typing in one field merges into one undo step. */
  updateNode(id: string, change: (node: FlowNode) => FlowNode, coalesce?: string) {
    apply(
      'editNode',
      (doc) => {
        const index = doc.nodes.findIndex((n) => n.id === id);
        const node = doc.nodes[index];
        if (!node) return doc;
        const next = change(node);
        if (next === node) return doc;
        const nodes = doc.nodes.slice();
        nodes[index] = next;
        return { ...doc, nodes };
      },
      coalesce ? { coalesce } : {},
    );
  },

  /** Sets one field of a node (`timeoutSeconds`, `options.1.key`); undefined removes it. */
  setNodeField(id: string, path: string, value: unknown) {
    nodeActions(apply).updateNode(id, (node) => setAt(node, path, value), `${id}:${path}`);
  },

  /** Changes a node's id everywhere it is named: edges, jumps, settings and test cases. */
  renameNode(from: string, to: string) {
    if (from === to) return;
    apply('renameNode', (doc) => {
      if (!doc.nodes.some((n) => n.id === from) || doc.nodes.some((n) => n.id === to)) return doc;
      const rename = (id: string) => (id === from ? to : id);
      return layoutAfterNodeChanges(
        {
          ...doc,
          nodes: doc.nodes.map((n) => {
            const renamed = n.id === from ? { ...n, id: to } : n;
            return renamed.type === 'goto' && renamed.target === from ? { ...renamed, target: to } : renamed;
          }),
          edges: doc.edges.map((e) => (e.source === from || e.target === from ? { ...e, source: rename(e.source), target: rename(e.target) } : e)),
          settings: {
            ...doc.settings,
            ...(doc.settings.mainMenuNode === from ? { mainMenuNode: to } : {}),
            ...(doc.settings.agentNode === from ? { agentNode: to } : {}),
          },
          tests: doc.tests.map((t) => ({
            ...t,
            fixtures: Object.fromEntries(Object.entries(t.fixtures).map(([k, v]) => [rename(k), v])),
            steps: t.steps.map((s) =>
              s.expect
                ? {
                    ...s,
                    expect: {
                      ...s.expect,
                      ...(s.expect.at ? { at: rename(s.expect.at) } : {}),
                      ...(s.expect.reached ? { reached: s.expect.reached.map(rename) } : {}),
                      ...(s.expect.notReached ? { notReached: s.expect.notReached.map(rename) } : {}),
                      ...(s.expect.played ? { played: s.expect.played.map((p) => ({ ...p, node: rename(p.node) })) } : {}),
                    },
                  }
                : s,
            ),
          })),
        },
        rename,
      );
    });
  },

  /** Nodes dropped after a drag, or placed by the automatic layout: one undo step. */
  moveNodes(positions: Record<string, Position>, name: 'moveNodes' | 'layout' = 'moveNodes') {
    apply(name, (doc) => moveNodesIn(doc, positions));
  },

  /** Deletes nodes (with the edges that touch them) and edges. */
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[] = []) {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    apply('delete', (doc) => {
      const nodes = new Set(nodeIds);
      const edges = new Set(edgeIds);
      return layoutAfterNodeChanges(
        {
          ...doc,
          nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
          edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
        },
        (id) => (nodes.has(id) ? null : id),
      );
    });
  },
});

function same(a: Position | undefined, b: Position): boolean {
  return a !== undefined && Math.round(a.x) === Math.round(b.x) && Math.round(a.y) === Math.round(b.y);
}

export function moveNodesIn(doc: Flow, positions: Record<string, Position>): Flow {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions[n.id];
    if (!p || same(n.position, p)) return n;
    changed = true;
    return { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } };
  });
  return changed ? { ...doc, nodes } : doc;
}
