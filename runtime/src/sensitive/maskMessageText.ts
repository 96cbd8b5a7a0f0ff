import { MASK } from '@griot/flows';

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

const MONTHS = 'janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?';
/**
 * What a run is made of, left to right: a date (`05/12/2026`, `12.05.26`, `2026-12-05`,
 * `7 sept 2026`), a time (`10:30`, `14h30`), a group of digits (a leading `+`; letters may touch
 * it: `PUK87 65…`) or a number word (a whole word). Each alternative is a fixed shape or one
 * character class repeated: no nesting, so no input makes it backtrack more than a few steps.
 */
const ITEM = new RegExp(
  [
    `(?<date>(?<!\\d)(?:\\d{1,2}(?<sep>[/.\\-])\\d{1,2}\\k<sep>(?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:er)?[ \u00a0](?:${MONTHS})\\.?[ \u00a0]\\d{4})(?!\\d))`,
    '(?<time>(?<!\\d)\\d{1,2}[:hH]\\d{2}(?::\\d{2})?(?!\\d))',
    '(?<digits>\\+?\\d+)',
    `(?<word>(?<!\\p{L})${WORD})`,
  ].join('|'),
  'giu',
);
/**
 * What joins two items of a run: spaces (any number, tabs), commas, dots, colons, dashes, slashes,
 * and « et » / « and » / « puis » / « then » (« vingt et un », « 8 7 6 5 puis 4 3 2 1 »).
 */
const JOIN = /^[\s,.;:\-\u2013\u2014/]*(?:(?:et|and|puis|then)[\s,.;:\-\u2013\u2014/]*)?$/iu;
/** Longer than this, what lies between two numbers is text, not a separator (and is never scanned). */
const JOIN_MAX = 32;

/** A date or a time that is one: a day and a month that exist, hours and minutes on a clock. */
function isRealDateOrTime(item: string, kind: 'date' | 'time'): boolean {
  const [n0 = 0, n1 = 0, n2 = 0] = (item.match(/\d+/g) ?? []).map(Number);
  if (kind === 'time') return n0 <= 23 && n1 <= 59 && n2 <= 59;
  // A day first or a month first (`05/12/2026`, `12/31/2026`), a year first (`2026-12-05`), `7 sept 2026`.
  const isMonthName = /\p{L}/u.test(item);
  const [a, b] = isMonthName ? [n0, 1] : n0 > 31 ? [n2, n1] : [n0, n1];
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

/** What an item counts for: a group its digits, a number word one. */
function weightOf(item: string): number {
  let weight = 0;
  for (const token of item.split(/[^\p{L}\p{N}]+/u)) {
    if (/^\d+$/.test(token)) weight += token.length;
    else if (NUMBER_WORD.test(token)) weight += 1;
  }
  return weight;
}

/**
 * Codes in what a person wrote, however written: a **run** is digit groups and number words joined
 * by separators only (`JOIN`); it is masked whole when it counts 6 or more (a group counts its
 * digits, a word one). So `8765 4321`, `8, 7, 6, 5, 4, 3, 2, 1`, `8 / 7 / 6 / 5 / 4 / 3`,
 * `+221 77 123 45 67`, « huit sept six cinq quatre trois deux un », « huit 7 6 5 4 3 2 1 »,
 * `125 000 FCFA` (an amount of six digits is account data too) are masked; `12 500 FCFA`,
 * « choisissez 1, 2 ou 3 », « deux mille vingt-six » stay. A run made only of dates and times
 * that exist (`05/12/2026 10:30`, `le 7 sept 2026`) stays readable; joined to another number it
 * counts its digits like any group, so a date is readable whole or masked whole, never half.
 * The one rule for agents' messages at close, the subscriber's words in transcripts, the web chat's
 * kept replies. Linear in the text.
 */
export function maskCodes(text: string): string {
  let out = '';
  let copied = 0;
  // The run being read: where it starts and ends, what it counts, whether it is only dates/times.
  let start = -1;
  let end = -1;
  let weight = 0;
  let onlyDates = true;
  const close = () => {
    if (start >= 0 && !onlyDates && weight >= 6) {
      out += text.slice(copied, start) + MASK;
      copied = end;
    }
    start = -1;
  };
  for (const match of text.matchAll(ITEM)) {
    const item = match[0];
    const at = match.index;
    const groups = match.groups ?? {};
    const kind = groups.date !== undefined ? 'date' : groups.time !== undefined ? 'time' : 'number';
    const isDate = kind !== 'number' && isRealDateOrTime(item, kind);
    if (start >= 0) {
      const gap = at - end;
      if (gap > JOIN_MAX || !JOIN.test(text.slice(end, at))) close();
    }
    if (start < 0) {
      start = at;
      weight = 0;
      onlyDates = true;
    }
    end = at + item.length;
    weight += weightOf(item);
    if (!isDate) onlyDates = false;
  }
  close();
  return out + text.slice(copied);
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
