import { sourceStamp, type Flow, type FlowNode, type Intent, type Prompt, type TranslationSuggestion, type TranslationSuggestions } from '@griot/flows';
import { getAt, setAt } from '../store/paths.ts';

export interface AppliedSuggestions {
  doc: Flow;
  /** Suggestions now in the document, marked for review. */
  applied: number;
  /** Suggestions left out: the text was written meanwhile, its source changed, or its node is gone. */
  skipped: number;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sourceExamples = (intent: Intent, locale: string) => (intent.examples[locale] ?? []).map((e) => e.trim()).filter(Boolean);

function applyToIntent(node: FlowNode, s: Exclude<TranslationSuggestion, { kind: 'prompt' }>, source: string, target: string): FlowNode | null {
  if (node.type !== 'intent') return null;
  const index = node.intents.findIndex((i) => i.id === s.intentId);
  const intent = node.intents[index];
  if (!intent) return null;
  let next: Intent;
  if (s.kind === 'intentLabel') {
    if (intent.label[target]?.trim() || (intent.label[source]?.trim() ?? '') !== s.source) return null;
    next = { ...intent, label: { ...intent.label, [target]: s.text } };
  } else {
    if ((intent.examples[target] ?? []).length > 0 || !sameList(sourceExamples(intent, source), s.source)) return null;
    next = { ...intent, examples: { ...intent.examples, [target]: s.examples } };
  }
  // One mark per intent and locale covers its label and its examples.
  next.needsReview = intent.needsReview.includes(target) ? intent.needsReview : [...intent.needsReview, target];
  const intents = node.intents.slice();
  intents[index] = next;
  return { ...node, intents };
}

function applyOne(node: FlowNode, s: TranslationSuggestion, source: string, target: string, sourceIsFirst: boolean): FlowNode | null {
  if (s.kind !== 'prompt') return applyToIntent(node, s, source, target);
  const prompt = getAt(node, s.field) as Prompt | undefined;
  if (!prompt || typeof prompt !== 'object') return null;
  if (s.variant) {
    // A wording for one channel: only where the target has none yet and the source's wording is the one translated.
    const current = prompt[target]?.variants?.[s.variant];
    if (current?.text?.trim() || current?.audio) return null;
    if ((prompt[source]?.variants?.[s.variant]?.text?.trim() ?? '') !== s.source) return null;
    // Translated from the first language's wording as it is now: stamped, as the locale's text is.
    const madeFrom = sourceIsFirst ? { sourceStamp: sourceStamp(s.source) } : {};
    return setAt(node, `${s.field}.${target}.variants.${s.variant}`, { ...current, text: s.text, needsReview: true, ...madeFrom });
  }
  const current = prompt[target];
  if (current?.text?.trim() || current?.audio) return null;
  if ((prompt[source]?.text?.trim() ?? '') !== s.source) return null;
  // Translated from the first language's text as it is now: stamped so a later rewrite of it sends this back to review.
  const made = sourceIsFirst && prompt[source]?.text ? { sourceStamp: sourceStamp(prompt[source].text) } : {};
  return setAt(node, `${s.field}.${target}`, { ...current, text: s.text, needsReview: true, ...made });
}

/**
 * Puts the model's suggestions into the document being edited, each marked for review (so the
 * lint refuses to publish them until an editor has read them). Only where the text is still
 * missing and its source is the one that was translated: what the editor wrote meanwhile wins.
 */
export function applySuggestions(doc: Flow, result: Pick<TranslationSuggestions, 'sourceLocale' | 'targetLocale' | 'suggestions'>): AppliedSuggestions {
  const indexOf = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const nodes = doc.nodes.slice();
  let applied = 0;
  for (const suggestion of result.suggestions) {
    const index = indexOf.get(suggestion.nodeId);
    const next = index === undefined ? null : applyOne(nodes[index]!, suggestion, result.sourceLocale, result.targetLocale, doc.locales[0]?.code === result.sourceLocale);
    if (!next) continue;
    nodes[index!] = next;
    applied += 1;
  }
  return { doc: applied > 0 ? { ...doc, nodes } : doc, applied, skipped: result.suggestions.length - applied };
}
