import { MASK } from '@griot/flows';
import { isPlainLocalWord, LOCAL_LETTER_OF, LOCAL_NUMBER_WORDS, localNumberValue } from './localNumberWords.ts';
import { caseFoldOf, numberWordSearch } from './numberWordSearch.ts';

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
  'millions?',
  'milliards?',
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
  'millions?',
  'billions?',
];
/** What each number word is worth, to read an amount said in words (`quatre-vingt` is read apart). */
const WORD_VALUES: Record<string, number> = {
  zéro: 0,
  zero: 0,
  un: 1,
  une: 1,
  one: 1,
  deux: 2,
  two: 2,
  trois: 3,
  three: 3,
  quatre: 4,
  four: 4,
  cinq: 5,
  five: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  neuf: 9,
  nine: 9,
  dix: 10,
  ten: 10,
  onze: 11,
  eleven: 11,
  douze: 12,
  twelve: 12,
  treize: 13,
  thirteen: 13,
  quatorze: 14,
  fourteen: 14,
  quinze: 15,
  fifteen: 15,
  seize: 16,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  vingt: 20,
  vingts: 20,
  twenty: 20,
  trente: 30,
  thirty: 30,
  quarante: 40,
  forty: 40,
  cinquante: 50,
  fifty: 50,
  soixante: 60,
  sixty: 60,
  septante: 70,
  seventy: 70,
  huitante: 80,
  octante: 80,
  eighty: 80,
  nonante: 90,
  ninety: 90,
};
/** The words that make a number an amount's size: a thousand, a million, a billion (« milliard »). */
const SCALES: Record<string, number> = {
  mille: 1e3,
  thousand: 1e3,
  million: 1e6,
  millions: 1e6,
  milliard: 1e9,
  milliards: 1e9,
  billion: 1e9,
  billions: 1e9,
};
/**
 * The short forms of a scale written after digits, glued or after one space: `150k`, `2M`, `2,5 M`,
 * `3 Mds`, `1 Md`, `2 mrd`, `1.2bn`, `2 mn`, `1 mln` (and `1M5`, 1 500 000).
 */
const SHORT_SCALES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, mln: 1e6, md: 1e9, mds: 1e9, mrd: 1e9, mrds: 1e9, bn: 1e9 };
/** A short scale that is also a unit (`100 m` metres, `500 mn` minutes): an amount only with money about it. */
const UNIT_LIKE = /^(?:m|mn|Mn|MN)$/;
const SHORT = String.raw`(?<=\d[ \u00a0]?)(?:${Object.keys(SHORT_SCALES).join('|')})(?!\p{L})`;
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
    `(?<short>${SHORT})`,
    `(?<word>(?<!\\p{L})${WORD})`,
    // Any other word, looked up among the local languages' number words (most are none: skipped).
    '(?<local>(?<![\\p{L}\\p{M}])\\p{L}[\\p{L}\\p{M}]*(?:-\\p{L}[\\p{L}\\p{M}]*)?)',
  ].join('|'),
  'giu',
);
/**
 * Where an item that counts may begin (`numberWordSearch`): a digit, a French or English number
 * word as `ITEM` finds it (`caseFoldOf`), a local
 * one whatever its tones and dots, as a whole word. Every other word is passed over within the
 * search, none of them taken out of the text nor looked up: a turn without any (most turns) costs
 * one pass. It may find more than `ITEM` counts (a number word inside a longer word written with
 * marks apart): `ITEM` decides.
 */
const nextNumber = numberWordSearch({
  cased: NUMBER_WORDS.flatMap((w) => (w.endsWith('s?') ? [w.slice(0, -2), w.slice(0, -1)] : [w])),
  caseOf: caseFoldOf,
  folded: LOCAL_NUMBER_WORDS,
  letterOf: (code) => LOCAL_LETTER_OF.get(code),
});
/**
 * Whether no item of `ITEM` can hold the character: a space, a comma, a quote… (not a letter, a
 * mark, a digit nor `+ / . - :`, which dates, times, numbers and words are made of; any character
 * beyond ASCII taken as one that may). Only a date (`7 sept 2026`) holds a space, and it begins
 * with a digit: `ITEM` searched from just after such a character, with no digit since the last
 * item, finds what a search from that item's end would find.
 */
function endsItems(code: number): boolean {
  return code < 0x80 && !((code >= 0x30 && code <= 0x3a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2b || code === 0x2d || code === 0x2e || code === 0x2f);
}

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

/** A currency, written after an amount (`23 517 FCFA`, `50 000 F`, `12 €`) or before it (`XOF 500`, `$12`). */
export const CURRENCY = String.raw`F\s?CFA|CFA|XOF|XAF|francs?|F|€|EUR|euros?|\$|USD|dollars?|GHS|cedis?|NGN|naira|KES|shillings?`;
/** Words a balance or an amount follows, French and English. */
export const MONEY_WORDS = `solde|cr[ée]dit|credit|balance|montant|amount|reste|restant|remaining|d[ée]bit|debit|retrait|withdrawal|d[ée]p[ôo]t|deposit|transfert|transfer|envoy[ée]s?|sent|re[çc]us?|received|frais|fees?|total|somme|sum`;
/** The words that make a number with a scale an amount: the money words, and the account it is on (« sur mon compte »). */
const AMOUNT_WORDS = `${MONEY_WORDS}|comptes?|accounts?`;
/**
 * A money word or a currency before a number: the word up to 25 other characters before, in the same
 * sentence (« votre solde est de », "my balance is"), the currency right before (`$2.5M`, `XOF 3 Mds`).
 */
const MONEY_BEFORE = new RegExp(String.raw`(?:(?<![\p{L}])(?:${AMOUNT_WORDS})(?![\p{L}])[^\d.!?\n,;]{0,25}|(?<![\p{L}])(?:${CURRENCY})\s?)$`, 'iu');
/**
 * A currency or a money word after a number: the currency right after (« … de francs », « … FCFA »,
 * « … d’euros », "… dollars"), a money word up to 25 other characters after, in the same sentence
 * (« … sur mon compte », "… on my account").
 */
const MONEY_AFTER = new RegExp(String.raw`^(?:\s?(?:de\s|d['’]\s?)?(?:${CURRENCY})|[^\d.!?\n,;]{0,25}?(?<![\p{L}])(?:${AMOUNT_WORDS}))(?![\p{L}])`, 'iu');
/** What a number counts when it is not money (« … d'habitants », « … de fois », « … d'années », "… of people"). */
const COUNTED_AFTER = new RegExp(String.raw`^\s?(?:de\s|d['’]\s?|of\s)(?!(?:${CURRENCY})(?![\p{L}]))\p{L}`, 'iu');
/** From this size, an amount with money about it is account data, as `100 000` (six digits) is for the digits' rule. */
const AMOUNT_MASKED_FROM = 100_000;
/** From this size, a number with a scale is masked whatever the context, unless it says what else it counts. */
const LARGE_AMOUNT_MASKED_FROM = 100_000_000;

/**
 * What a run with a scale (« mille », « million », "thousand", "billion", `k`, `M`, `Mds`, `bn`…) says
 * as an amount: « deux millions cinq cent mille » 2 500 000, `2,5 millions` 2 500 000, "one million
 * two hundred thousand" 1 200 000, `150k` 150 000, `1.2bn` 1 200 000 000, `1M5` 1 500 000;
 * `unitLike` when its only scales could be units (`100 m`, `500 mn`).
 */
function amountOf(run: string): { value: number; unitLike: boolean } {
  let total = 0;
  let current = 0;
  let digits = false;
  let previous = '';
  let unitLike = true;
  // A short scale just read, and where it ends: digits glued after it are its decimals (`1M5`).
  let shortScale = 0;
  let shortEnd = -1;
  for (const match of run.matchAll(/\d+(?:[.,]\d{1,2}(?!\d))?|\p{L}+/gu)) {
    const token = match[0];
    const word = token.toLowerCase();
    if (/^\d/.test(word)) {
      const n = Number(word.replace(',', '.'));
      if (shortScale > 0 && match.index === shortEnd && /^\d+$/.test(word)) {
        total += (n / 10 ** word.length) * shortScale;
      } else {
        // `125 000`, `1.250.000`: a group of three after a group is its thousands' tail.
        current = digits && /^\d{3}$/.test(word) && /^\d/.test(previous) ? current * 1000 + n : current + n;
      }
      digits = true;
      shortScale = 0;
    } else if (digits && /^\d/.test(previous) && Object.hasOwn(SHORT_SCALES, word)) {
      shortScale = SHORT_SCALES[word] ?? 1;
      shortEnd = match.index + token.length;
      total += (current || 1) * shortScale;
      current = 0;
      if (!UNIT_LIKE.test(token)) unitLike = false;
    } else if (Object.hasOwn(SCALES, word)) {
      total += (current || 1) * (SCALES[word] ?? 1);
      current = 0;
      unitLike = false;
    } else if (word === 'cent' || word === 'cents' || word === 'hundred') {
      current = (current || 1) * 100;
    } else if ((word === 'vingt' || word === 'vingts') && previous === 'quatre') {
      current += 76; // quatre-vingt: 4 already counted, 80 in all
    } else if (Object.hasOwn(WORD_VALUES, word)) {
      current += WORD_VALUES[word] ?? 0;
    }
    previous = word;
  }
  return { value: total + current, unitLike };
}

/**
 * Whether a run that counts fewer than 6 is still an amount to mask: it has a scale and says
 * 100 000 or more with a currency or a money word about it (« il me reste 2M FCFA », "my balance is
 * 1.5m", « j'ai deux millions sur mon compte »), or says 100 000 000 or more whatever the context
 * (`3 Mds`, « trois milliards »), unless what follows says it counts something else (« 3 milliards
 * d'années ») or its scale may be a unit (`100 m`). « 2 millions d'habitants », « un million de fois
 * merci », « cent cinquante mille mercis » stay.
 */
function isLargeAmount(text: string, start: number, end: number): boolean {
  const { value, unitLike } = amountOf(text.slice(start, end));
  if (value < AMOUNT_MASKED_FROM) return false;
  const after = text.slice(end, end + 40);
  if (MONEY_AFTER.test(after) || MONEY_BEFORE.test(text.slice(Math.max(0, start - 60), start))) return true;
  return value >= LARGE_AMOUNT_MASKED_FROM && !unitLike && !COUNTED_AFTER.test(after);
}

/** Plain local words in a row that make a number said out, with no other number word beside them (« eji eta erin »). */
const PLAIN_WORDS_IN_A_ROW = 3;
/** Number words that make a number bigger rather than say a digit: a run with one is not read digit by digit. */
const NOT_A_DIGIT = /^(?:cents?|hundred|mille|thousand|millions?|milliards?|billions?)$/i;

/**
 * Codes in what a person wrote, however written: a **run** is digit groups and number words joined
 * by separators only (`JOIN`); it is masked whole when it counts 6 or more (a group counts its
 * digits, a word one). So `8765 4321`, `8, 7, 6, 5, 4, 3, 2, 1`, `8 / 7 / 6 / 5 / 4 / 3`,
 * `+221 77 123 45 67`, « huit sept six cinq quatre trois deux un », « huit 7 6 5 4 3 2 1 »,
 * `125 000 FCFA` (an amount of six digits is account data too) are masked; `12 500 FCFA`,
 * « choisissez 1, 2 ou 3 », « deux mille vingt-six » stay. A run made only of dates and times
 * that exist (`05/12/2026 10:30`, `le 7 sept 2026`) stays readable; joined to another number it
 * counts its digits like any group, so a date is readable whole or masked whole, never half.
 * Number words are French, English, and Yoruba and Fon (`localNumberWords.ts`: « èjì ẹ̀ta ẹ̀rin… »,
 * « ɖokpó wè atɔ̀n… »); one of these written plain that is an everyday word too (`we`, `eta`,
 * `erin`) counts only beside another number word or three in a row, so « we 12345 » stays. `spoken`: digit values
 * (a 4-digit PIN) also masked when a run says them in words (« un deux trois quatre »). `codes: false`:
 * only those, no other code (what a caller answered to a question whose answer the flow keeps in clear).
 * The one rule for agents' messages at close, the subscriber's words in transcripts, the web chat's
 * kept replies. Linear in the text.
 */
export function maskCodes(text: string, spoken: ReadonlySet<string> = new Set(), { codes = true }: { codes?: boolean } = {}): string {
  let out = '';
  let copied = 0;
  // The run being read: where it starts and ends, what it counts, whether it is only dates/times.
  let start = -1;
  let end = -1;
  let weight = 0;
  let onlyDates = true;
  let hasScale = false;
  // The run's digits as said, when it has words and reads digit by digit (« vingt et un » 21).
  let said = '';
  let hasWords = false;
  let readsDigits = true;
  let lastTen = false;
  // How many number words in a row end the run; the plain local words among them not counted yet, and where the run ended before them.
  let streak = 0;
  let pending: { at: number; endBefore: number; values: number[] } | null = null;
  const sayDigits = (value: number) => {
    if (lastTen && value >= 1 && value <= 9) said = said.slice(0, -1) + String(value);
    else said += String(value);
    lastTen = value >= 20 && value <= 90 && value % 10 === 0;
  };
  const countPending = () => {
    if (!pending) return;
    weight += pending.values.length;
    for (const value of pending.values) sayDigits(value);
    pending = null;
  };
  const close = () => {
    // A plain local word at the end that nothing counted is not part of the code.
    if (pending) end = pending.endBefore;
    const spokenValue = hasWords && readsDigits && spoken.has(said);
    const isCode = codes && (weight >= 6 || (hasScale && isLargeAmount(text, start, end)));
    if (start >= 0 && end > start && !onlyDates && (isCode || spokenValue)) {
      out += text.slice(copied, start) + MASK;
      copied = end;
    }
    start = -1;
  };
  // `ITEM` is searched from where an item may begin (`nextNumber`), back to the last character no
  // item holds; after a word that says no number, the next search for one skips the words between.
  let from = 0;
  let match: RegExpExecArray | null = null;
  for (;;) {
    if (match === null) {
      let begin = nextNumber(text, from);
      if (begin < 0) break;
      while (begin > from && !endsItems(text.charCodeAt(begin - 1))) begin -= 1;
      ITEM.lastIndex = begin;
    }
    match = ITEM.exec(text);
    if (match === null) break;
    const item = match[0];
    const at = match.index;
    const groups = match.groups ?? {};
    const localValue = groups.local !== undefined ? localNumberValue(item) : undefined;
    // A word that says no number: the next item sees it between them, and the run stops there.
    if (groups.local !== undefined && localValue === undefined) {
      from = ITEM.lastIndex;
      match = null;
      continue;
    }
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
      hasScale = false;
      said = '';
      hasWords = false;
      readsDigits = true;
      lastTen = false;
      streak = 0;
      pending = null;
    }
    const endBefore = end;
    end = at + item.length;
    if (groups.local !== undefined || groups.word !== undefined) {
      hasWords = true;
      streak += 1;
      const value = localValue;
      if (value !== undefined && isPlainLocalWord(item) && streak < PLAIN_WORDS_IN_A_ROW) {
        // Maybe an everyday word: counted once a number word stands beside it, or enough of them in a row.
        if (pending) pending.values.push(value);
        else pending = { at, endBefore: start === at ? at : endBefore, values: [value] };
      } else {
        countPending();
        weight += value !== undefined ? 1 : weightOf(item);
        const word = item.toLowerCase();
        if (value !== undefined) sayDigits(value);
        else if (NOT_A_DIGIT.test(word)) readsDigits = false;
        else sayDigits(WORD_VALUES[word] ?? 0);
      }
    } else {
      // Plain local words that began the run, followed by digits: not part of it (« we 123456 »).
      if (pending && pending.at === start) start = at;
      pending = null;
      streak = 0;
      lastTen = false;
      said += item.replace(/\D/g, '');
      weight += weightOf(item);
    }
    if ((groups.word !== undefined && Object.hasOwn(SCALES, item.toLowerCase())) || groups.short !== undefined) hasScale = true;
    if (!isDate) onlyDates = false;
  }
  close();
  return out + text.slice(copied);
}

/**
 * A message of a closed contact as it is kept: each of `values` (the session's sensitive values)
 * and every code (`maskCodes`: digit runs, codes said in words) become `•••`, as transcripts show
 * them. Longer values first, so that a value inside another leaves nothing behind. `codes: false`:
 * the session's sensitive values only (in digits or in words), other codes kept.
 */
export function maskMessageText(text: string, values: readonly string[] = [], { codes = true }: { codes?: boolean } = {}): string {
  let masked = text;
  // A value of digits may be said in words too (« un deux trois quatre » for 1234).
  const spoken = new Set(values.filter((value) => /^\d+$/.test(value)));
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length === 0 || value === MASK) continue;
    // A number as people write it (50000 is also « 50 000 » or « 50.000 »), not inside another number.
    if (/^\d+$/.test(value)) masked = masked.replace(new RegExp(`(?<!\\d)${value.split('').join(SEPARATOR)}(?!\\d)`, 'g'), MASK);
    else masked = masked.split(value).join(MASK);
  }
  return codes || spoken.size > 0 ? maskCodes(masked, spoken, { codes }) : masked;
}

/** What may stand between the digits of a number someone types. */
const SEPARATOR = '[ .\\-\u00a0\u202f]?';
