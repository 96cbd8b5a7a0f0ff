import type { StepContext } from '../interpreter/context.ts';
import type { ClassifyEffect, FlowEvent, JsonValue, PendingUnderstanding } from '../interpreter/types.ts';
import { classifyFallback, type IntentExamples } from './classifyFallback.ts';
import { acceptModelSlot } from './acceptModelSlot.ts';
import { extractSlot, maskDigits, type SlotKind } from './extractSlots.ts';
import { ownValue } from '../nodes/http/jsonPath.ts';

export interface Understandable {
  id: string;
  label: string;
  description: string;
  examples: string[];
}

/** A slot the node fills: its variable and what kind of value it holds. */
export interface SlotToFill {
  variable: string;
  kind: SlotKind;
}

export interface UnderstandOptions {
  node: string;
  intents: Understandable[];
  slots: Array<{ variable: string; kind: SlotKind; description: string }>;
  allowDigits: boolean;
  timeoutMs: number;
  /** Wait counters to keep while the model answers. */
  counters: { noInput: number; noMatch: number };
}

const examplesCache = new WeakMap<Understandable[], IntentExamples[]>();

/**
 * Starts understanding free words: the fallback classifier's answer is kept in the session and
 * the model is asked through a `classify` effect. Whatever the model does — answers, fails, is
 * slow or absent — `finishUnderstanding` has an answer.
 */
export function startUnderstanding(ctx: StepContext, text: string, options: UnderstandOptions, speechConfidence?: number): void {
  let examples = examplesCache.get(options.intents);
  if (!examples) {
    examples = options.intents.map((i) => ({ id: i.id, examples: [i.label, ...i.examples].filter(Boolean) }));
    examplesCache.set(options.intents, examples);
  }
  const fallback = classifyFallback(text, examples);
  const slots: Record<string, JsonValue> = {};
  for (const slot of options.slots) {
    const value = extractSlot(text, slot.kind, ctx.flow.settings.phoneRegion);
    if (value !== undefined) slots[slot.variable] = value;
  }
  const effect: ClassifyEffect = {
    type: 'classify',
    node: options.node,
    locale: ctx.session.locale,
    text: options.allowDigits ? text : maskDigits(text),
    intents: options.intents,
    slots: options.slots.map((s) => ({ name: s.variable, kind: s.kind, description: s.description })),
    timeoutMs: options.timeoutMs,
  };
  if (speechConfidence !== undefined) effect.speechConfidence = speechConfidence;
  ctx.emit(effect);
  ctx.waitAt(options.node, 'classifier', options.counters);
  (ctx.session.wait as { fallback?: PendingUnderstanding }).fallback = { ...fallback, slots };
}

/**
 * The model's answer when it gave one for a known intent, else the fallback's. The model's slot
 * values count only for `modelSlots` (none unless the node lets digits reach the model), each
 * checked as the fallback reads the caller's words (`acceptModelSlot`); one that does not pass
 * leaves the fallback's value, with a warning that does not quote it.
 */
export function finishUnderstanding(
  ctx: StepContext,
  event: FlowEvent & { type: 'classification' },
  intents: Understandable[],
  modelSlots: readonly SlotToFill[],
): PendingUnderstanding & { source: 'model' | 'fallback' } {
  const fallback = ctx.session.wait?.fallback ?? { intent: null, confidence: 0, slots: {} };
  const known = event.intent === null || intents.some((i) => i.id === event.intent);
  if (event.outcome === 'ok' && known && event.confidence !== undefined) {
    const slots = { ...fallback.slots };
    for (const slot of modelSlots) {
      const given = ownValue(event.slots, slot.variable) as JsonValue | undefined;
      if (given === undefined || given === null) continue;
      const value = acceptModelSlot(given, slot.kind, ctx.flow.settings.phoneRegion);
      if (value !== undefined) slots[slot.variable] = value;
      else {
        const kept = Object.hasOwn(fallback.slots, slot.variable) ? "the caller's words give it" : 'left without a value';
        ctx.issue('warning', 'intent.slotRejected', `the model's value for ${slot.variable} is not a valid ${slot.kind}; ${kept}`, ctx.session.wait?.node, {
          variable: slot.variable,
          kind: slot.kind,
        });
      }
    }
    return { intent: event.intent ?? null, confidence: event.confidence, slots, source: 'model' };
  }
  if (event.outcome === 'ok' && !known) {
    ctx.issue('warning', 'intent.unknown', `the model answered an intent that does not exist: ${event.intent}`, undefined, { intent: String(event.intent) });
  }
  // Listed rather than spread: the pending answer comes back from storage in many shapes.
  return { intent: fallback.intent, confidence: fallback.confidence, slots: fallback.slots, source: 'fallback' };
}

/**
 * While a node waits for the model: its answer (or the fallback's), with the node waiting for
 * the caller again; null, and still waiting, for any other event.
 */
export function understood(
  ctx: StepContext,
  node: string,
  event: FlowEvent,
  intents: Understandable[],
  modelSlots: readonly SlotToFill[],
  /** Below it the node takes the words as not understood (reported with the answer). */
  threshold: number,
): (PendingUnderstanding & { source: 'model' | 'fallback' }) | null {
  const wait = ctx.session.wait;
  if (event.type !== 'classification') {
    ctx.issue('warning', 'understanding.waiting', `ignored ${event.type} while the caller's words are understood`, node);
    return null;
  }
  const result = finishUnderstanding(ctx, event, intents, modelSlots);
  ctx.understandings.push({ node, intent: result.intent, confidence: result.confidence, threshold, source: result.source, model: event.outcome });
  ctx.waitAt(node, 'caller', { noInput: wait?.noInput ?? 0, noMatch: wait?.noMatch ?? 0 });
  return result;
}

/** Words the caller said or wrote, for nodes that understand free text. */
export function wordsOf(event: FlowEvent): { text: string; confidence?: number } | undefined {
  if (event.type === 'text') return { text: event.text };
  if (event.type === 'speech') return { text: event.text, confidence: event.confidence };
  if (event.type === 'digits') return { text: event.digits };
  return undefined;
}
