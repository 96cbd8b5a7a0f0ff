import type { FlowEvent } from './types.ts';

const normalized = new Map<string, string>();

/** Lower case, no accents, no punctuation, single spaces: "Solde ?" and "solde" are the same answer. */
export function normalizeText(text: string): string {
  const hit = normalized.get(text);
  if (hit !== undefined) return hit;
  const result = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  // Option labels and synonyms come back on every turn; callers' words mostly do not.
  if (normalized.size > 10000) normalized.clear();
  normalized.set(text, result);
  return result;
}

export interface Choice {
  id: string;
  key: string;
  /** Label and synonyms in the caller's locale. */
  words: string[];
}

/**
 * Finds the option a caller meant: a keypad key, a button id, the key typed as text (`2`), or
 * the label or a synonym said or written, alone or inside a sentence. An answer that names two
 * options is no match rather than a guess.
 */
export function matchChoice(choices: Choice[], event: FlowEvent): Choice | undefined {
  switch (event.type) {
    case 'digits':
      return choices.find((c) => c.key === event.digits.replace(/#$/, ''));
    case 'choice':
      return choices.find((c) => c.id === event.option);
    case 'text':
    case 'speech': {
      const said = normalizeText(event.text);
      if (said === '') return undefined;
      const byKey = choices.find((c) => c.key === said);
      if (byKey) return byKey;
      const exact = choices.filter((c) => c.words.some((w) => normalizeText(w) === said));
      if (exact.length === 1) return exact[0];
      const padded = ` ${said} `;
      const inside = choices.filter((c) =>
        c.words.some((w) => {
          const word = normalizeText(w);
          return word !== '' && padded.includes(` ${word} `);
        }),
      );
      return inside.length === 1 ? inside[0] : undefined;
    }
    default:
      return undefined;
  }
}
