import { LOCAL_DIGIT_WORDS } from '@griot/flows';

/**
 * Digits said as words in the local languages Griot ships prompts for, beside French and English
 * (`maskMessageText.ts`): what a subscriber types on WhatsApp or the web chat when reading a code
 * out in Fon or Yoruba. Written without tones nor dots; `localNumberValue` finds them with any
 * (`ẹ̀ta`, `ẹ̀ta` decomposed, `eta`). The digits menus read too are `LOCAL_DIGIT_WORDS` (@griot/flows,
 * with their sources); masking reads more, words a menu must not take as a key:
 * - Yoruba: ení and méní (1: also "person"), ẹ̀wá, eéwá, mẹ́wàá (10), from the same sources
 *   (Wikipedia, « Yoruba numerals »; the University of Georgia's Yorùbá course, unit 4; W. O.
 *   Adeleke's table, thenigerianvoice.com);
 * - Fon: odě (1, iamyourclounon.bj, « 1 à 100 : savoir bien compter en fongbé »).
 */
const MASKING_ONLY: Readonly<Record<'yo' | 'fon', Readonly<Record<string, number>>>> = {
  yo: { eni: 1, meni: 1, ewa: 10, eewa: 10, mewa: 10 },
  fon: { ode: 1 },
};

const WORDS: ReadonlyArray<readonly [word: string, value: number]> = [
  ...Object.entries(LOCAL_DIGIT_WORDS.yo),
  ...Object.entries(MASKING_ONLY.yo),
  ...Object.entries(LOCAL_DIGIT_WORDS.fon),
  ...Object.entries(MASKING_ONLY.fon),
];

/** The value of each word, by its plain spelling. */
const VALUES = new Map(WORDS.map(([word, value]) => [word, value]));
/** The letters they begin with: any other word is none, without decomposing it. */
const FIRST_LETTERS = new Set(WORDS.map(([word]) => word[0]));
/** The longest of them (`mesan-an`): a longer word is none, without looking it up. */
const LONGEST = Math.max(...WORDS.map(([word]) => word.length));

/**
 * Where the characters that fold to the words' letters lie: ASCII, Latin-1 to the IPA letters
 * (`é`, `ɔ`, `Ɖ`), Latin Extended Additional (`ẹ`, `ọ`, `ṣ`) and the letter-like symbols (`K` Kelvin,
 * `Å` ångström). No other character of Unicode does (`localNumberWords.test.ts` checks them all).
 */
const FOLDED_RANGES: ReadonlyArray<readonly [from: number, to: number]> = [
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0x2af],
  [0x1e00, 0x1eff],
  [0x2100, 0x214f],
];

/** The words, plain (`eji`, `arun-un`, `atɔn`). */
export const LOCAL_NUMBER_WORDS: readonly string[] = WORDS.map(([word]) => word);

/**
 * Each character that folds to one of the words' letters (`é`, `Ẹ`, `ɔ`, `K`), and that letter:
 * tones and dots taken off once, here, for every one of them, so that a text is searched for the
 * words without decomposing any of it (`numberWordSearch.ts`). Combining marks fold to nothing.
 */
export const LOCAL_LETTER_OF: ReadonlyMap<number, number> = (() => {
  const letters = new Set(LOCAL_NUMBER_WORDS.join(''));
  const folded = new Map<number, number>();
  for (const [from, to] of FOLDED_RANGES) {
    for (let cp = from; cp <= to; cp += 1) {
      const plain = plainOf(String.fromCodePoint(cp));
      if (plain.length === 1 && letters.has(plain)) folded.set(cp, plain.charCodeAt(0));
    }
  }
  folded.set(0x2d, 0x2d);
  return folded;
})();

/** A found word's plain spelling: tones and dots taken off, lower case. */
function plainOf(found: string): string {
  return found.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * What a word is worth (`ẹ̀ta` 3, precomposed or not, tones or none), undefined when it is none of
 * them. Read a character at a time from the letters folded at start (`LOCAL_LETTER_OF`), the usual
 * tones and dots written apart (U+0300–U+036F) skipped; a word with any other character beyond
 * ASCII (another mark, a letter of no number word) is decomposed as a whole, as before.
 */
export function localNumberValue(found: string): number | undefined {
  // Tones and dots are code points of their own once decomposed: a word may be twice as long written with them.
  if (found.length > LONGEST * 3) return undefined;
  let plain = '';
  for (let i = 0; i < found.length; i += 1) {
    const code = found.charCodeAt(i);
    if (code >= 0x300 && code <= 0x36f && i > 0) continue;
    const letter = LOCAL_LETTER_OF.get(code);
    if (letter !== undefined) plain += String.fromCharCode(letter);
    // An ASCII character that is no letter of theirs: no number word.
    else if (code < 0x80) return undefined;
    else return decomposedValue(found);
  }
  return VALUES.get(plain);
}

/** The value of a word holding characters `LOCAL_LETTER_OF` does not know, found by decomposing it. */
function decomposedValue(found: string): number | undefined {
  if (!FIRST_LETTERS.has(found[0]?.normalize('NFD')[0]?.toLowerCase())) return undefined;
  return VALUES.get(plainOf(found));
}

/**
 * Whether a found word is also an everyday word when written plain (`we`, `eta`, `erin`, `ode`…):
 * it counts in a code only beside another number word. Written with its tones or Fon letters
 * (`wè`, `ẹ̀ta`, `atɔn`), it is a number.
 */
export function isPlainLocalWord(found: string): boolean {
  return /^[\p{ASCII}]*$/u.test(found);
}
