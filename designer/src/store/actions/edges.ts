import type { Apply } from '../documentStore.ts';
import { uniqueId } from '../uniqueId.ts';

/** Connections between a node's output and another node. */
export const edgeActions = (apply: Apply) => ({
  /** Connects an output; an output leads to one node, so an earlier edge from it is replaced. */
  connect(source: string, output: string, target: string) {
    apply('connect', (doc) => {
      const existing = doc.edges.find((e) => e.source === source && e.output === output);
      if (existing?.target === target) return doc;
      const others = doc.edges.filter((e) => e !== existing);
      const id = existing?.id ?? uniqueId(`${source}-${output}`, new Set(doc.edges.map((e) => e.id)));
      return { ...doc, edges: [...others, { id, source, output, target }] };
    });
  },

  deleteEdges(ids: readonly string[]) {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    apply('deleteEdges', (doc) => ({ ...doc, edges: doc.edges.filter((e) => !gone.has(e.id)) }));
  },
});
