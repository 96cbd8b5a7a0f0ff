import type { Flow } from '../schema/flow.ts';

/**
 * Every recorded prompt a flow document names (a locale's `audio`, a variant's `audio`, wherever
 * a node keeps a prompt). The runtime freezes the names a published version holds, so it looks at
 * every `audio` string of the nodes rather than at one list of prompt fields: a name counted too
 * many only refuses an upload, a name missed would let a draft's upload change what callers hear.
 */
export function audioNamesOf(flow: Pick<Flow, 'nodes'>): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'audio' && typeof inner === 'string') names.add(inner);
      else visit(inner);
    }
  };
  visit(flow.nodes);
  return names;
}
