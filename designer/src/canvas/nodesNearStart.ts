import type { Flow } from '@griot/flows';

/** The first `count` nodes met going out from the start, breadth first: what a large flow opens on. */
export function nodesNearStart(doc: Flow | null, count: number): string[] {
  if (!doc) return [];
  const start = doc.nodes.find((n) => n.type === 'start') ?? doc.nodes[0];
  if (!start) return [];
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length > 0 && seen.size < count) {
    const id = queue.shift() as string;
    for (const t of next.get(id) ?? []) {
      if (seen.size >= count) break;
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return [...seen];
}
