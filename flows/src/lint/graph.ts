import type { Flow } from '../schema/flow.ts';
import { definitionOf, nodeDefinitions } from '../nodes/registry.ts';
import type { FlowNode } from '../schema/node.ts';

/** Successors of every node: edge targets and the nodes it names (a goto's target). */
export function successors(flow: Flow): Map<string, string[]> {
  const next = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  for (const e of flow.edges) next.get(e.source)?.push(e.target);
  for (const n of flow.nodes) for (const ref of definitionOf(n).nodeReferences?.(n) ?? []) next.get(n.id)?.push(ref.nodeId);
  return next;
}

export function reachableFrom(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const t of next.get(id) ?? []) {
      if (!seen.has(t) && next.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/**
 * Groups of nodes that can loop forever without asking the caller anything (Tarjan's strongly
 * connected components over the nodes that do not wait for the caller).
 */
export function loopsWithoutInput(flow: Flow, next: Map<string, string[]>): string[][] {
  const waits = (n: FlowNode) => (nodeDefinitions[n.type] as { waitsForCaller: boolean }).waitsForCaller;
  const candidates = new Set(flow.nodes.filter((n) => !waits(n)).map((n) => n.id));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;

  // Iterative Tarjan: a 5,000-node chain must not overflow the call stack.
  for (const root of candidates) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; i: number };
      const targets = (next.get(frame.id) ?? []).filter((t) => candidates.has(t));
      if (frame.i < targets.length) {
        const t = targets[frame.i] as string;
        frame.i += 1;
        if (!index.has(t)) {
          index.set(t, counter);
          low.set(t, counter);
          counter += 1;
          stack.push(t);
          onStack.add(t);
          work.push({ id: t, i: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(t) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && (next.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) loops.push(component.reverse());
      }
    }
  }
  return loops;
}
