import type { Flow } from '../schema/flow.ts';
import { classifyFallback, type IntentExamples } from './classifyFallback.ts';

export interface LabelledUtterance {
  locale: string;
  text: string;
  /** An option id of the 1919 main menu, or `other`. */
  intent: string;
}

export interface EvaluationResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: Array<LabelledUtterance & { got: string; confidence: number }>;
}

/**
 * Scores the fallback classifier on labelled utterances, with the 1919 main menu's labels and
 * synonyms as the intents' examples — what a caller's free words are matched against when no
 * model answers.
 */
export function evaluateFallback(flow: Flow, utterances: LabelledUtterance[], threshold = 0.5): EvaluationResult {
  const menu = flow.nodes.find((n) => n.id === 'mainMenu');
  if (menu?.type !== 'menu') throw new Error('the flow has no mainMenu menu');
  const byLocale = new Map<string, IntentExamples[]>();
  const intentsFor = (locale: string) => {
    let intents = byLocale.get(locale);
    if (!intents) {
      intents = menu.options.map((o) => ({ id: o.id, examples: [o.label[locale] ?? '', ...(o.synonyms[locale] ?? [])].filter(Boolean) }));
      byLocale.set(locale, intents);
    }
    return intents;
  };
  const misses: EvaluationResult['misses'] = [];
  for (const u of utterances) {
    const r = classifyFallback(u.text, intentsFor(u.locale));
    const got = r.intent && r.confidence >= threshold ? r.intent : 'other';
    if (got !== u.intent) misses.push({ ...u, got, confidence: r.confidence });
  }
  const correct = utterances.length - misses.length;
  return { total: utterances.length, correct, accuracy: correct / utterances.length, misses };
}
