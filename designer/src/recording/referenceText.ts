import { definitionOf, type Flow } from '@griot/flows';

/**
 * What the person recording should say: the prompt's text in the locale being recorded, or in
 * the first locale of the flow that has one (the reference to translate). Empty when none has.
 */
export function referenceText(doc: Flow | null, nodeId: string, field: string, locale: string): { text: string; locale: string } {
  const node = doc?.nodes.find((n) => n.id === nodeId);
  const entry = node
    ? definitionOf(node)
        .texts?.(node)
        .find((t) => t.field === field)
    : undefined;
  if (!doc || entry?.kind !== 'prompt') return { text: '', locale };
  const own = entry.prompt[locale]?.text?.trim();
  if (own) return { text: own, locale };
  // The first locale with a text, in the flow's order (the default first).
  const fallback = doc.locales.find((l) => entry.prompt[l.code]?.text?.trim());
  return fallback ? { text: entry.prompt[fallback.code]?.text?.trim() ?? '', locale: fallback.code } : { text: '', locale };
}
