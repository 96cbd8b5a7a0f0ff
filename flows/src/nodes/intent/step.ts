import { writtenBy, type NodeDefinition } from '../definition.ts';
import type { IntentNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import type { NodeOutcome } from '../../interpreter/context.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';
import { startUnderstanding, understood, wordsOf, type Understandable } from '../../intent/understand.ts';
import { ownValue } from '../http/jsonPath.ts';
import type { JsonValue } from '../../interpreter/types.ts';

const localized = new WeakMap<IntentNode, Map<string, Understandable[]>>();

/** The node's intents in the caller's locale (labels and examples fall back to the default locale). */
export function intentsFor(node: IntentNode, ctx: StepContext): Understandable[] {
  const locale = ctx.session.locale;
  let byLocale = localized.get(node);
  if (!byLocale) localized.set(node, (byLocale = new Map()));
  let list = byLocale.get(locale);
  if (!list) {
    const fallback = ctx.compiled.defaultLocale;
    list = node.intents.map((i) => ({
      id: i.id,
      label: i.label[locale] ?? i.label[fallback] ?? i.id,
      description: i.description,
      examples: i.examples[locale] ?? i.examples[fallback] ?? [],
    }));
    byLocale.set(locale, list);
  }
  return list;
}

function ask(node: IntentNode, ctx: StepContext, retry: number): void {
  const speech = ctx.speechAvailable();
  ctx.emit({
    type: 'ask',
    node: node.id,
    kind: 'text',
    locale: ctx.session.locale,
    timeoutSeconds: node.timeoutSeconds,
    bargeIn: true,
    speech,
    hints: speech
      ? intentsFor(node, ctx)
          .flatMap((i) => [i.label, ...i.examples])
          .slice(0, 100)
      : [],
    retry,
  });
}

function askAgain(node: IntentNode, ctx: StepContext, retry: number): void {
  ctx.say(node.prompt, node.id);
  ask(node, ctx, retry);
}

function notUnderstood(node: IntentNode, ctx: StepContext): NodeOutcome {
  return retryOrGiveUp(ctx, node, {
    failure: 'noMatch',
    maxRetries: node.maxRetries,
    failurePrompt: node.noMatchPrompt,
    giveUpOutput: 'noMatch',
    askAgain,
  });
}

export const intentNode: NodeDefinition<'intent'> = {
  outputs: (node) => [...node.intents.map((i) => i.id), 'noInput', 'noMatch'],
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    ask(node, ctx, 0);
    ctx.waitAt(node.id, 'caller');
    return { wait: 'caller' };
  },
  resume(node, ctx, event) {
    const wait = ctx.session.wait;
    const counters = { noInput: wait?.noInput ?? 0, noMatch: wait?.noMatch ?? 0 };
    if (wait?.for === 'classifier') {
      // Without `allowDigits` the model saw masked words: its slot values count for nothing.
      const modelSlots = node.allowDigits ? node.slots.filter((s) => s.variable !== '') : [];
      const result = understood(ctx, node.id, event, intentsFor(node, ctx), modelSlots, node.threshold);
      if (!result) return { wait: 'classifier' };
      if (!result.intent || result.confidence < node.threshold) return notUnderstood(node, ctx);
      for (const slot of node.slots) {
        if (slot.variable === '') continue;
        // A slot named `constructor` the caller's words did not give stays unset, not JavaScript's function.
        const value = ownValue(result.slots, slot.variable) as JsonValue | undefined;
        if (value !== undefined) ctx.setVar(slot.variable, value);
      }
      return { output: result.intent };
    }
    if (event.type === 'noInput') {
      return retryOrGiveUp(ctx, node, {
        failure: 'noInput',
        maxRetries: node.maxRetries,
        failurePrompt: node.noInputPrompt,
        giveUpOutput: 'noInput',
        askAgain,
      });
    }
    // A button or list reply names the intent itself.
    if (event.type === 'choice' && node.intents.some((i) => i.id === event.option)) return { output: event.option };
    const words = wordsOf(event);
    if (!words || words.text.trim() === '') return notUnderstood(node, ctx);
    startUnderstanding(
      ctx,
      words.text,
      {
        node: node.id,
        intents: intentsFor(node, ctx),
        slots: node.slots.filter((s) => s.variable !== ''),
        allowDigits: node.allowDigits,
        timeoutMs: node.classifierTimeoutMs,
        counters,
      },
      words.confidence,
    );
    return { wait: 'classifier' };
  },
  texts: (node) => [
    { field: 'prompt', kind: 'prompt', prompt: node.prompt },
    ...(node.noInputPrompt ? [{ field: 'noInputPrompt', kind: 'prompt' as const, prompt: node.noInputPrompt }] : []),
    ...(node.noMatchPrompt ? [{ field: 'noMatchPrompt', kind: 'prompt' as const, prompt: node.noMatchPrompt }] : []),
  ],
  variableFields: (node) => node.slots.map((s, i) => ({ field: `slots.${i}.variable`, name: s.variable, writes: true })),
  writes: (node) => writtenBy(intentNode.variableFields?.(node) ?? []),
  waitsForCaller: true,
};
