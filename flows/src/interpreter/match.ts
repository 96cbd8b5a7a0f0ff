import type { FlowEvent } from './types.ts';
import { numberWordsOf } from './numberWords.ts';

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

/** A choice's words, normalized once: option labels come back on every turn. */
interface PreparedChoice {
  choice: Choice;
  /** Every word, normalized (an empty one included: it can never equal a non-empty answer). */
  exact: string[];
  /** The non-empty normalized words, padded with spaces, to find inside a sentence. */
  padded: string[];
}

const preparedChoices = new WeakMap<Choice[], PreparedChoice[]>();

/** Choices lists are read-only once built (menus and language nodes cache theirs). */
function prepare(choices: Choice[]): PreparedChoice[] {
  let prepared = preparedChoices.get(choices);
  if (!prepared) {
    prepared = choices.map((choice) => {
      const exact = choice.words.map(normalizeText);
      return { choice, exact, padded: exact.filter((w) => w !== '').map((w) => ` ${w} `) };
    });
    preparedChoices.set(choices, prepared);
  }
  return prepared;
}

/**
 * Finds the option a caller meant: a keypad key (`*` and `#` included), a button id, the key
 * typed as text (`2`, `*`, `#`) or as a word alone in the conversation's language (« deux » in French,
 * « two » in English, « méjì » in Yoruba: `locales`), or the label or a synonym said or written, alone or
 * inside a sentence. An answer that names two options is no match rather than a guess.
 */
export function matchChoice(choices: Choice[], event: FlowEvent, locales: string | readonly string[]): Choice | undefined {
  switch (event.type) {
    case 'digits': {
      // `#` and `*` are keys like the others; a trailing `#` that is no option's key ended the entry.
      const exact = choices.find((c) => c.key === event.digits);
      if (exact || !event.digits.endsWith('#')) return exact;
      const key = event.digits.slice(0, -1);
      return choices.find((c) => c.key === key);
    }
    case 'choice':
      return choices.find((c) => c.id === event.option);
    case 'text':
    case 'speech': {
      // A typed `*` or `#` (`#.` copied from a numbered menu) is a key too: normalizing would leave nothing of it.
      const typed = /^\s*([*#])[.)]?\s*$/.exec(event.text)?.[1];
      if (typed) return choices.find((c) => c.key === typed);
      const said = normalizeText(event.text);
      if (said === '') return undefined;
      const byKey = choices.find((c) => c.key === said);
      if (byKey) return byKey;
      const prepared = prepare(choices);
      let found: Choice | undefined;
      let count = 0;
      for (const p of prepared) {
        if (p.exact.includes(said)) {
          found = p.choice;
          count += 1;
        }
      }
      if (count === 1) return found;
      // A digit written as a word (« deux », « two ») is its key, when no option's words said otherwise:
      // none is that word, and no other option's label holds it (« 1. Forfait deux jours » and
      // « 2. Forfait une semaine »: « deux » may mean either, and a wrong pick can cost money).
      const padded = ` ${said} `;
      const written = count === 0 ? numberWordsOf(locales).get(said) : undefined;
      if (written !== undefined) {
        const byWord = choices.find((c) => c.key === written);
        if (byWord && !prepared.some((p) => p.choice !== byWord && p.padded.some((word) => word.includes(padded)))) return byWord;
      }
      found = undefined;
      count = 0;
      for (const p of prepared) {
        if (containsAny(padded, p.padded)) {
          found = p.choice;
          count += 1;
        }
      }
      return count === 1 ? found : undefined;
    }
    default:
      return undefined;
  }
}

function containsAny(haystack: string, needles: string[]): boolean {
  for (const needle of needles) if (haystack.includes(needle)) return true;
  return false;
}
