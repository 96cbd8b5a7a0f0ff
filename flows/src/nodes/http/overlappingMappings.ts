import type { ValueCopy } from '../definition.ts';
import type { HttpNode } from './schema.ts';

/** `$.data.puk` → `["data", "puk"]`; `$.items[0]` → `["items", "0"]`. */
function stepsOf(path: string): string[] {
  return path
    .slice(1)
    .split(/\.|\[(\d+)\]/)
    .filter((s): s is string => s !== undefined && s !== '');
}

const within = (outer: string[], inner: string[]) => outer.length <= inner.length && outer.every((step, i) => inner[i] === step);

/**
 * Mappings of one answer that share a value: `$.puk` twice, or `$` (the whole answer) beside
 * `$.puk`, which holds it. Each may hold the others' value, so a copy of a sensitive answer is
 * as sensitive as the variable the flow meant for it.
 */
export function overlappingMappings(node: HttpNode): ValueCopy[] {
  const steps = node.responseMapping.map((m) => stepsOf(m.path));
  return node.responseMapping.flatMap((m, i) => {
    // A row still being filled in (a draft's) reads nothing yet.
    if (m.variable === '' || m.path === '') return [];
    const mine = steps[i] as string[];
    const others = node.responseMapping
      .map((other, j) => ({ other, theirs: steps[j] as string[], j }))
      .filter(({ other, theirs, j }) => j !== i && other.variable !== '' && other.path !== '' && other.variable !== m.variable && (within(mine, theirs) || within(theirs, mine)));
    const from = others.map(({ other }) => other.variable);
    // Strictly inside the other (`$.offer` beside `$`): a part of its value, not all of it.
    const partOf = others.filter(({ theirs }) => theirs.length < mine.length).map(({ other }) => other.variable);
    return from.length > 0 ? [{ variable: m.variable, field: `responseMapping.${i}`, from, ...(partOf.length > 0 ? { partOf } : {}) }] : [];
  });
}
