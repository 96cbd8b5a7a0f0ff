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
 * inside a sentence, or the one number of a short sentence (« le 2 svp », « option trois stp »: see
 * `numberInSentence`). An answer that names two options is no match rather than a guess.
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
    case 'speech':
      return matchText(choices, event.text, locales) ?? matchByClause(choices, event.text, locales);
    default:
      return undefined;
  }
}

/** The option a text names as a whole (see `matchChoice`). */
function matchText(choices: Choice[], text: string, locales: string | readonly string[]): Choice | undefined {
  // A typed `*` or `#` (`#.` copied from a numbered menu) is a key too: normalizing would leave nothing of it.
  const typed = /^\s*([*#])[.)]?\s*$/.exec(text)?.[1];
  if (typed) return choices.find((c) => c.key === typed);
  const said = normalizeText(text);
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
  // « pas le solde », « je ne veux pas le crédit », "not balance": the option named is the one refused. Asked again.
  if (count === 1 && found !== undefined && refusesLabel(padded, prepared.find((p) => p.choice === found)!, locales)) return undefined;
  const byLabel = count === 1 ? found : undefined;
  const pointed = numberInSentence(said, choices, prepared, locales);
  if (pointed === undefined) return byLabel;
  // « le 2 svp » with « 1. Forfait 2 Go »: the label may be what they meant. Asked again rather than guessed.
  if (byLabel !== undefined && byLabel !== pointed) return undefined;
  return pointed;
}

/** Where a short message breaks into clauses: punctuation, « mais », "but". */
const CLAUSE_BREAK = /[,;.!?…]+|\s(?:mais|but)\s/iu;

/**
 * A short message that refuses something and chooses something else, each in its own clause:
 * « je veux pas attendre, le 2 », « non pas le 1, le 2 », « pas le solde, mon solde », "I don't
 * want to wait, option 2". The refusal holds for its own clause only, when that clause comes first
 * or names another option: « le 2, je veux pas » may refuse the 2, and « pas le 2, le 2 » says
 * both, so both are asked again. Nothing when the message asks about an option, names two
 * (« le 1, le 2 »), or is longer than a short sentence.
 */
function matchByClause(choices: Choice[], text: string, locales: string | readonly string[]): Choice | undefined {
  const words = normalizeText(text).split(' ');
  if (words.length < 3 || words.length > MAX_SENTENCE_WORDS) return undefined;
  const numberWords = typeof locales === 'string' ? numberWordsOf(locales) : NO_WORDS;
  if (!refuses(words, numberWords, locales) || asksAbout(words, locales)) return undefined;
  const clauses = text.split(CLAUSE_BREAK).filter((clause) => normalizeText(clause) !== '');
  if (clauses.length < 2) return undefined;
  const prepared = prepare(choices);
  let chosen: Choice | undefined;
  const refused = new Set<Choice>();
  for (const clause of clauses) {
    const clauseWords = normalizeText(clause).split(' ');
    const named = namedIn(clauseWords, prepared, numberWords);
    // « mon solde » is a label here, not the subscriber's data: `matchText` reads the clause for that.
    if (refuses(clauseWords, numberWords, locales)) {
      // Naming nothing after the choice, it may refuse that choice (« le 2, je veux pas »).
      if (named.length === 0 && chosen !== undefined) return undefined;
      for (const choice of named) refused.add(choice);
      continue;
    }
    const picked = matchText(choices, clause, locales);
    // A clause that names options without choosing one (« 1 ou 2 »): nothing is clear.
    if (picked === undefined && named.length > 0) return undefined;
    if (picked === undefined) continue;
    if (chosen !== undefined && chosen !== picked) return undefined;
    chosen = picked;
  }
  return chosen !== undefined && !refused.has(chosen) ? chosen : undefined;
}

/** The options a clause names at all: by key (a digit or a number word) or by a label's words. */
function namedIn(words: readonly string[], prepared: readonly PreparedChoice[], numberWords: ReadonlyMap<string, string>): Choice[] {
  const padded = ` ${words.join(' ')} `;
  return prepared.filter(({ choice, padded: labels }) => words.some((word) => word === choice.key || numberWords.get(word) === choice.key) || containsAny(padded, labels)).map(({ choice }) => choice);
}

function containsAny(haystack: string, needles: string[]): boolean {
  for (const needle of needles) if (haystack.includes(needle)) return true;
  return false;
}

/** Longest sentence (in words, « s il vous plait » is four) whose one number is read as a key: past it, a story, not a choice. */
const MAX_SENTENCE_WORDS = 12;

/**
 * Words after which a number is a quantity, not a menu key: « 2 fois », « 500 F », « 2 Go ». Normalized
 * (no accents, lower case).
 */
const UNITS = new Set([
  'fois',
  'f',
  'fr',
  'fcfa',
  'cfa',
  'xof',
  'xaf',
  'franc',
  'francs',
  'euro',
  'euros',
  'naira',
  'go',
  'gb',
  'mo',
  'mb',
  'ko',
  'kb',
  'sms',
  'min',
  'mn',
  'minute',
  'minutes',
  'h',
  'heure',
  'heures',
  'jour',
  'jours',
  'j',
  'semaine',
  'semaines',
  'mois',
  'an',
  'ans',
  'times',
  'hour',
  'hours',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'percent',
  'pourcent',
  // « deux mille francs », « 2 cents », « 5 k »: an amount.
  'cent',
  'cents',
  'mille',
  'mil',
  'k',
  'million',
  'millions',
  'milliard',
  'milliards',
  'hundred',
  'thousand',
  'thousands',
]);

/**
 * Words beside which a number is a date (« le 2 décembre », « lundi 2 », "December 2"): never a
 * menu key, even when it is one (« j'ai payé le 2 décembre » at a menu leading to a payment).
 */
const DATE_WORDS = new Set([
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
  'janv',
  'fev',
  'avr',
  'juil',
  'oct',
  'nov',
  'dec',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/**
 * Words after which a number is a time, a count or a possession, not a choice: « à 2 », « vers 2 »,
 * « depuis 2 », « j'en ai 2 », "at 2", "I have 2".
 */
const NOT_A_CHOICE_AFTER = new Set(['a', 'vers', 'depuis', 'avant', 'apres', 'ai', 'avons', 'avez', 'ont', 'at', 'since', 'before', 'after', 'have', 'has', 'had']);

/**
 * Words that turn the sentence against its number (« pas le 2 », « sauf le 2 », "not 2", « au lieu
 * du 2 »): the subscriber is asked again rather than given the option they refused.
 */
const NEGATIONS = new Set(['pas', 'jamais', 'sauf', 'sans', 'lieu', 'not', 'never', 'except', 'without', 'instead']);

/**
 * Refusing words of the local languages, read in a conversation in that language only: Yoruba
 * « kò » (not), « kìí » (does not), « rárá » (no, not at all), normalized as `normalizeText` leaves
 * them. Fon's sentence-final « ǎ » normalizes to « a », French « à »: not read; its « ma » is (below).
 */
const LOCAL_REFUSALS: Readonly<Record<string, readonly string[]>> = { yo: ['ko', 'kii', 'rara'] };

/**
 * Fon's « ma » refuses between its subject and the verb (« un ma jló » "I do not want", « é ma »):
 * after a Fon subject pronoun only, since Fon subscribers write French too (« ma carte », « ma ɖokpó »).
 */
const FON_SUBJECTS = new Set(['un', 'a', 'e', 'mi', 'ye']);

/**
 * Words that make a short sentence a question about an option rather than a choice of it
 * (« c'est quoi le 2 ? », « le 2 c koi », « que veut dire le 3 », "what is 2", Pidgin « wetin be 2 »,
 * Yoruba « kí ni 2 »): asked again, so the menu is read to them rather than option 2 run.
 * « quel » is no such word: « quel est mon solde » asks for it. Fon « etɛ́ » (what), typed « ete » too
 * like French « été », is read in a Fon conversation only.
 */
const QUESTIONS = new Set(['quoi', 'koi', 'kwa', 'signifie', 'signifient', 'explique', 'expliquez', 'expliquer', 'what', 'whats', 'wat', 'explain', 'means', 'meaning', 'wetin']);
const LOCAL_QUESTIONS: Readonly<Record<string, readonly string[]>> = { fon: ['etɛ', 'ete'], yo: ['kini'] };

/** The language part of the locales (`yo-NG` → `yo`): local words are read in their own language only. */
function languagesOf(locales: string | readonly string[]): string[] {
  return (typeof locales === 'string' ? [locales] : [...locales]).map((locale) => locale.split(/[-_]/)[0]?.toLowerCase() ?? '');
}

/** Whether a short sentence asks about its number rather than choosing it (see `QUESTIONS`). */
function asksAbout(words: readonly string[], locales: string | readonly string[]): boolean {
  const local = new Set(languagesOf(locales).flatMap((language) => LOCAL_QUESTIONS[language] ?? []));
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (QUESTIONS.has(word) || local.has(word)) return true;
    const next = words[i + 1];
    // « qu'est-ce que », « que veut dire », « ça veut dire », Yoruba « kí ni ».
    if ((word === 'qu' && next === 'est') || (word === 'veut' && next === 'dire') || (word === 'ki' && next === 'ni' && languagesOf(locales).includes('yo'))) return true;
  }
  return false;
}

/**
 * Whether the sentence that names one option by its label (` pas le solde `, padded) refuses it:
 * a refusing word outside the label's own words (« 2. Pas de réseau » picked by « j'ai pas de réseau »).
 */
function refusesLabel(padded: string, named: PreparedChoice, locales: string | readonly string[]): boolean {
  let rest = padded;
  for (const label of named.padded) rest = rest.replaceAll(label, ' | ');
  const words = rest.split(' ').filter((word) => word !== '');
  return refuses(words, typeof locales === 'string' ? numberWordsOf(locales) : NO_WORDS, locales);
}

/** « mon numéro », "my account": the subscriber's own data follows, never a menu key (« mon numéro est le 2 »). */
const POSSESSIVES = new Set(['mon', 'ma', 'mes', 'notre', 'nos', 'votre', 'vos', 'my', 'our', 'your']);
const OWN_DATA = new Set([
  'numero',
  'num',
  'number',
  'code',
  'puk',
  'pin',
  'compte',
  'account',
  'carte',
  'card',
  'telephone',
  'tel',
  'phone',
  'contrat',
  'facture',
  'reference',
  'ref',
  'matricule',
  'id',
  'identifiant',
  'solde',
  'balance',
  'date',
]);

/** A word that refuses (« pas », "not", "don't", Yoruba « kò »): no option the sentence names is a choice. */
function refuses(words: readonly string[], numberWords: ReadonlyMap<string, string>, locales: string | readonly string[]): boolean {
  const languages = languagesOf(locales);
  const local = new Set(languages.flatMap((language) => LOCAL_REFUSALS[language] ?? []));
  const fon = languages.includes('fon');
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (NEGATIONS.has(word) || local.has(word)) return true;
    // « No 2 » is "number 2"; « no » before a verb refuses ("I no want two" in Pidgin, "no I want 2").
    const next = words[i + 1];
    if (word === 'no' && next !== undefined && next !== '|' && !/^[0-9]+$/.test(next) && !numberWords.has(next)) return true;
    if (fon && word === 'ma' && i > 0 && FON_SUBJECTS.has(words[i - 1]!)) return true;
    // "don't", "doesn't", "won't" normalize to « don t »: the « t » after a word ending in n.
    if (word === 't' && i > 0 && words[i - 1]!.endsWith('n')) return true;
  }
  return false;
}

/** A refusal (`refuses`), or the subscriber's own data named (« mon numéro »): no number of the sentence is a choice. */
function refusesOrTellsData(words: readonly string[], numberWords: ReadonlyMap<string, string>, locales: string | readonly string[]): boolean {
  if (refuses(words, numberWords, locales)) return true;
  for (let i = 1; i < words.length; i += 1) if (OWN_DATA.has(words[i]!) && POSSESSIVES.has(words[i - 1]!)) return true;
  return false;
}

/** Number words that are also articles or pronouns (« je veux un forfait », "the one I had"): a number only after a pointing word. */
const ARTICLES = new Set(['un', 'une', 'one']);

/** Words that point at an option: « option un », « numéro 2 », "number one". */
const POINTERS = new Set(['option', 'options', 'choix', 'numero', 'num', 'no', 'n', 'touche', 'reponse', 'number', 'choice', 'key']);

/**
 * The option a short sentence names by its one number: « le 2 svp », « je veux le 1 », « option 3 stp »,
 * and with the conversation's own language (one locale, not a language menu's several) a number word
 * (« je prends le deux »). Nothing when the sentence holds two numbers (« 1 ou 2 »), a number that is
 * no option's key (« 2000 FCFA », a PUK code, an account or phone number: several digits, or several
 * groups), a quantity (« 2 fois », « 2 Go »), or when another option's label holds that number
 * (« 1. Forfait 2 Go »: either may be meant).
 */
function numberInSentence(said: string, choices: Choice[], prepared: PreparedChoice[], locales: string | readonly string[]): Choice | undefined {
  const words = said.split(' ');
  if (words.length < 2 || words.length > MAX_SENTENCE_WORDS) return undefined;
  const numberWords = typeof locales === 'string' ? numberWordsOf(locales) : NO_WORDS;
  if (refusesOrTellsData(words, numberWords, locales) || asksAbout(words, locales)) return undefined;
  const notAKey = (previous: string | undefined, next: string | undefined): boolean =>
    (next !== undefined && (UNITS.has(next) || DATE_WORDS.has(next))) || (previous !== undefined && (DATE_WORDS.has(previous) || NOT_A_CHOICE_AFTER.has(previous)));
  let key: string | undefined;
  let token = '';
  let numbers = 0;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const next = words[i + 1];
    if (/\p{N}/u.test(word)) {
      numbers += 1;
      // Only a whole word of ASCII digits is a key: « 2e », « 2go » and « ١ » are something else.
      key = /^[0-9]+$/.test(word) && !notAKey(words[i - 1], next) ? word : undefined;
      token = word;
      continue;
    }
    const digit = numberWords.get(word);
    if (digit === undefined) continue;
    const previous = words[i - 1];
    if (ARTICLES.has(word) && !(previous !== undefined && POINTERS.has(previous))) continue;
    numbers += 1;
    key = notAKey(previous, next) ? undefined : digit;
    token = word;
  }
  if (numbers !== 1 || key === undefined) return undefined;
  const chosen = choices.find((c) => c.key === key);
  if (!chosen) return undefined;
  // The number as written, and as the other form (« 2 » and « deux »): in another option's label, it may mean that one.
  const forms = new Set([token, key]);
  for (const [word, digit] of numberWords) if (digit === key) forms.add(word);
  const padded = [...forms].map((form) => ` ${form} `);
  if (prepared.some((p) => p.choice !== chosen && p.padded.some((label) => containsAny(label, padded)))) return undefined;
  return chosen;
}

const NO_WORDS: ReadonlyMap<string, string> = new Map();
