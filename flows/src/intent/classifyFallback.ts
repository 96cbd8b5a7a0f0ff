import { normalizeText } from '../interpreter/match.ts';

export interface IntentExamples {
  id: string;
  /** Example phrases and keywords, in one locale. */
  examples: string[];
}

export interface FallbackClassification {
  /** The best intent, or null when nothing matched at all. */
  intent: string | null;
  /** 0–1: how much of the best example the utterance covers, lowered when two intents tie. */
  confidence: number;
}

/** Words that carry no intent in French or English requests. */
const STOPWORDS = new Set(
  `je j tu il elle on nous vous ils me m te t se s moi mon ma mes ton ta tes son sa ses notre votre le la l les un une des de d du au aux a à et ou en y est c ce cet cette ca ça pour par sur avec dans qui que qu quoi svp stp plait s'il voudrais voudrait veux veut vouloir aimerais souhaite souhaiterais bonjour bonsoir salut merci please i my me the a an to of for is it in on and or want would like can could you your hi hello thanks hey est-ce`.split(
    ' ',
  ),
);

interface PreparedIntent {
  id: string;
  /** Each example as its list of meaningful words. */
  examples: string[][];
  /** All of those words, once. */
  words: string[];
}

interface Prepared {
  intents: PreparedIntent[];
  /** Every word of every example: such a word in an utterance is meant as itself, not as a typo. */
  vocabulary: Set<string>;
  /** Which vocabulary words a said word answers; callers use the same words again and again. */
  answersOf: Map<string, Set<string>>;
}

function words(text: string): string[] {
  return normalizeText(text)
    .split(' ')
    .filter((w) => w !== '' && !STOPWORDS.has(w));
}

const prepared = new WeakMap<IntentExamples[], Prepared>();

function prepare(intents: IntentExamples[]): Prepared {
  const hit = prepared.get(intents);
  if (hit) return hit;
  const list = intents.map((i) => {
    const examples = i.examples.map(words).filter((e) => e.length > 0);
    return { id: i.id, examples, words: [...new Set(examples.flat())] };
  });
  const result = { intents: list, vocabulary: new Set(list.flatMap((i) => i.examples.flat())), answersOf: new Map<string, Set<string>>() };
  prepared.set(intents, result);
  return result;
}

/** Optimal-string-alignment distance, stopping early past `max`: "solede" ≈ "solde". */
function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (a === b) return true;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
    for (let j = 0; j <= b.length; j += 1) prev2[j] = prev[j] as number;
    prev = cur;
  }
  return (prev[b.length] as number) <= max;
}

/**
 * A word of the utterance answers a word of an example: equal, same stem ("transferts"), or one
 * typo away ("conseiler") unless the word is itself a word of some example ("argent" is not a
 * misspelt "agent").
 */
function wordMatches(said: string, expected: string, vocabulary: Set<string>): boolean {
  if (said === expected) return true;
  // Same stem: "transferts" / "transfert", "bloquee" / "bloque"; short words must match whole
  // ("quel" is not "quelqu'un").
  const [shorter, longer] = said.length <= expected.length ? [said, expected] : [expected, said];
  if (shorter.length >= 5 && longer.length - shorter.length <= 3 && longer.startsWith(shorter)) return true;
  return expected.length >= 5 && !vocabulary.has(said) && withinDistance(said, expected, 1);
}

/**
 * Classifies an utterance without a model: accent- and case-insensitive keyword and fuzzy
 * matching against each intent's examples in the caller's locale. It never leaves a caller
 * stuck when the LLM is absent, slow or wrong.
 */
export function classifyFallback(text: string, intents: IntentExamples[]): FallbackClassification {
  const said = words(text);
  if (said.length === 0) return { intent: null, confidence: 0 };
  const { intents: list, vocabulary, answersOf } = prepare(intents);
  // Which example words each said word answers, worked out once for the whole vocabulary.
  const answers = said.map((s) => {
    let hit = answersOf.get(s);
    if (!hit) {
      hit = new Set<string>();
      for (const w of vocabulary) if (wordMatches(s, w, vocabulary)) hit.add(w);
      if (answersOf.size > 5000) answersOf.clear();
      answersOf.set(s, hit);
    }
    return hit;
  });
  const answered = new Set<string>();
  for (const hit of answers) for (const w of hit) answered.add(w);
  const scores: Array<{ id: string; score: number }> = [];
  for (const intent of list) {
    let best = 0;
    for (const example of intent.examples) {
      let matched = 0;
      for (const w of example) if (answered.has(w)) matched += 1;
      // Cover the example well, and do not let one shared word in a long request count fully.
      const coverage = matched / example.length;
      const precision = matched / Math.max(said.length, example.length);
      const score = matched === 0 ? 0 : 0.75 * coverage + 0.25 * precision;
      if (score > best) best = score;
    }
    // How much of what the caller said this intent accounts for: "momo balance" is about
    // mobile money, whose examples hold both words, more than about the airtime balance.
    let explained = 0;
    for (const hit of answers) if (intent.words.some((w) => hit.has(w))) explained += 1;
    scores.push({ id: intent.id, score: best === 0 ? 0 : 0.7 * best + 0.3 * (explained / said.length) });
  }
  scores.sort((a, b) => b.score - a.score);
  const [first, second] = scores;
  if (!first || first.score === 0) return { intent: null, confidence: 0 };
  // Two intents equally likely: say so through a lower confidence rather than guess.
  const margin = second ? first.score - second.score : first.score;
  const confidence = margin < 0.15 ? first.score * 0.5 : first.score;
  return { intent: first.id, confidence: Math.round(confidence * 1000) / 1000 };
}
