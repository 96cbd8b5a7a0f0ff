import { MASK } from '@griot/flows';

/**
 * Six digits or more in a row, spaces, dots or dashes between them allowed, with a leading `+`:
 * a PUK (8 digits), a PIN-unblocking or account number, a card or phone number, `12 34 56 78`.
 * Amounts and times under a million (`12 500 FCFA`, `10:30`), dates (`05/12/2026`) stay.
 */
const CODE_LIKE = /\+?\d(?:[ .\-\u00a0\u202f]?\d){5,}/g;

/**
 * Number words, French and English: digits, teens, tens, hundreds and thousands (`quatre-vingt-sept`
 * is three of them). A code read out (« huit sept six cinq quatre trois deux un », « eighty-seven
 * sixty-five forty-three twenty-one ») or a balance written in words is a run of them.
 */
const NUMBER_WORDS = [
  'zéro',
  'zero',
  'un',
  'une',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
  'vingts?',
  'trente',
  'quarante',
  'cinquante',
  'soixante',
  'septante',
  'huitante',
  'octante',
  'nonante',
  'cents?',
  'mille',
  'one',
  'two',
  'three',
  'four',
  'five',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'hundred',
  'thousand',
];
const NUMBER_WORD = new RegExp(`^(?:${NUMBER_WORDS.join('|')})$`, 'iu');
const WORD = `(?:${NUMBER_WORDS.join('|')})(?!\\p{L})`;
/** A number word (a whole word), or a group of digits (letters may touch it: `PUK87 65…`). */
const TOKEN = `(?:${WORD}|\\d+)`;
/** Between two of them: spaces, commas, dots, dashes, slashes, and « et » / « and » (« vingt et un »). */
const BETWEEN = `(?:[\\s,.;:\\-\u2013\u2014/]+(?:(?:et|and)[\\s,\\-]+)?)`;
const SPOKEN_RUN = new RegExp(`(?:(?<!\\p{L})${WORD}|\\d+)(?:${BETWEEN}${TOKEN})+`, 'giu');

/**
 * A code or an amount said in words: six digits or more counted in a run of number words and digit
 * groups (a word counts one, a group its digits), two words at least. « huit sept six cinq quatre
 * trois deux un », « 87 65 quarante-trois 21 », « vingt-trois mille cinq cent dix-sept » are masked;
 * « le 7 sept 2026 » (one word), « deux mille vingt-six », « un, deux ou trois » (a word between)
 * are not.
 */
function maskSpokenRuns(text: string): string {
  return text.replace(SPOKEN_RUN, (run) => {
    let words = 0;
    let digits = 0;
    for (const token of run.split(/[^\p{L}\p{N}]+/u)) {
      if (/^\d+$/.test(token)) digits += token.length;
      else if (NUMBER_WORD.test(token)) words += 1;
    }
    return words >= 2 && words + digits >= 6 ? MASK : run;
  });
}

/**
 * Codes in what a person wrote, however written: digit runs (`CODE_LIKE`) and number words
 * (`maskSpokenRuns`). The one rule for agents' messages at close, the subscriber's words in
 * transcripts and the web chat's kept replies.
 */
export function maskCodes(text: string): string {
  return maskSpokenRuns(text).replace(CODE_LIKE, MASK);
}

/**
 * A message of a closed contact as it is kept: each of `values` (the session's sensitive values)
 * and every code (`maskCodes`: digit runs, codes said in words) become `•••`, as transcripts show
 * them. Longer values first, so that a value inside another leaves nothing behind.
 */
export function maskMessageText(text: string, values: readonly string[] = []): string {
  let masked = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length === 0 || value === MASK) continue;
    // A number as people write it (50000 is also « 50 000 » or « 50.000 »), not inside another number.
    if (/^\d+$/.test(value)) masked = masked.replace(new RegExp(`(?<!\\d)${value.split('').join(SEPARATOR)}(?!\\d)`, 'g'), MASK);
    else masked = masked.split(value).join(MASK);
  }
  return maskCodes(masked);
}

/** What may stand between the digits of a number someone types. */
const SEPARATOR = '[ .\\-\u00a0\u202f]?';
