/**
 * Digits written as words, by language: what a subscriber types in a chat or an SMS instead of
 * the key (« deux », « two », « méjì »). Words are normalized as `normalizeText` leaves them (no
 * accents, tones nor dots). A word counts only in the conversation's language: in Fon « un » is
 * "I", in Yoruba « eni » is also "person", so French words must not pick an option in Fon.
 * Yoruba and Fon words are `LOCAL_DIGIT_WORDS`, shared with masking.
 */
import { LOCAL_DIGIT_WORDS } from './localDigitWords.ts';

/** Local digit words as menus read them: keyed as `normalizeText` leaves a subscriber's text (`arun-un` → `arun un`). */
function asKeys(words: Readonly<Record<string, number>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(words).map(([word, digit]) => [word.replaceAll('-', ' '), String(digit)]));
}

/**
 * French digits but « un » and « une » (a pronoun, an article, "I" in Fon): what subscribers of a
 * local language without written prompts type, reading the French menus of Benin, Côte d'Ivoire
 * and Congo.
 */
const FRENCH_FROM_TWO: Readonly<Record<string, string>> = { zero: '0', deux: '2', trois: '3', quatre: '4', cinq: '5', six: '6', sept: '7', huit: '8', neuf: '9' };

const BY_LANGUAGE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fr: { zero: '0', un: '1', une: '1', deux: '2', trois: '3', quatre: '4', cinq: '5', six: '6', sept: '7', huit: '8', neuf: '9' },
  en: { zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' },
  yo: asKeys(LOCAL_DIGIT_WORDS.yo),
  // Fon has no written prompts in the flows Griot ships: its subscribers read the French ones, and
  // answer with French digits too, but « un » (and « une ») is "I" in Fon, never 1.
  fon: { ...asKeys(LOCAL_DIGIT_WORDS.fon), ...FRENCH_FROM_TWO },
  // Dioula, Baoulé (Côte d'Ivoire), Bariba (Benin), Lingala, Kituba (Congo): no list of their own
  // yet, and no written prompts in the flows Griot ships: their subscribers read the French menus
  // and write « deux » as before number words followed the language; « un » is not read (a word
  // too short and common to be taken as a key in a language nobody checked it in).
  dyu: FRENCH_FROM_TWO,
  bci: FRENCH_FROM_TWO,
  bba: FRENCH_FROM_TWO,
  ln: FRENCH_FROM_TWO,
  ktu: FRENCH_FROM_TWO,
};

/** Languages whose subscribers write digits with another's words: Cameroon's Pidgin counts in English. */
const BORROWED: Readonly<Record<string, string>> = { pcm: 'en' };

const NONE: ReadonlyMap<string, string> = new Map();
const cache = new Map<string, ReadonlyMap<string, string>>();

/** The language of a locale code (`fr-BJ` → `fr`, `EN_gb` → `en`). */
function languageOf(locale: string): string {
  const language = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return BORROWED[language] ?? language;
}

/**
 * The number words of these locales, word → key. Several locales (a language menu, before the
 * subscriber chose) share their words; a word two of them give different digits is nobody's.
 */
export function numberWordsOf(locales: string | readonly string[]): ReadonlyMap<string, string> {
  const list = typeof locales === 'string' ? [locales] : locales;
  const cacheKey = list.join(' ');
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const words = new Map<string, string>();
  const disputed = new Set<string>();
  for (const locale of list) {
    const table = BY_LANGUAGE[languageOf(locale)];
    if (!table) continue;
    for (const [word, key] of Object.entries(table)) {
      const known = words.get(word);
      if (known !== undefined && known !== key) disputed.add(word);
      else words.set(word, key);
    }
  }
  for (const word of disputed) words.delete(word);
  const result = words.size === 0 ? NONE : words;
  if (cache.size > 1000) cache.clear();
  cache.set(cacheKey, result);
  return result;
}
