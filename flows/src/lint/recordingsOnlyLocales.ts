import type { Flow } from '../schema/flow.ts';
import { definitionOf } from '../nodes/registry.ts';

/**
 * Locales without a voice whose prompts are all recordings (no text anywhere in the flow): Fon on
 * the 1919 line. Their menus' buttons and screens read the first written language's labels (the
 * menu and survey steps fall back to it), so a label of their own is not owed. Lint and the
 * designer's Traductions table (designer/src/languages/translationRows.ts) both read this one rule.
 */
export function recordingsOnlyLocales(flow: Pick<Flow, 'locales' | 'nodes'>): Set<string> {
  const candidates = new Set(flow.locales.filter((l) => !l.tts).map((l) => l.code));
  if (candidates.size === 0) return candidates;
  for (const node of flow.nodes) {
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt') continue;
      for (const code of candidates) if (text.prompt[code]?.text?.trim()) candidates.delete(code);
    }
  }
  return candidates;
}
