import type { NodeDefinition } from '../definition.ts';
import type { MenuNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import type { AskOption } from '../../interpreter/types.ts';
import { matchChoice, type Choice } from '../../interpreter/match.ts';
import { startUnderstanding, understood, type Understandable } from '../../intent/understand.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';

interface LocalizedMenu {
  options: AskOption[];
  choices: Choice[];
  hints: string[];
  /** The options as intents, for understanding free words. */
  understandables: Understandable[];
}

/** Free words must be understood at least this well to choose an option. */
const UNDERSTAND_THRESHOLD = 0.5;

/** Menus are read-only once parsed, so each one's options per locale are worked out once. */
const localized = new WeakMap<MenuNode, Map<string, LocalizedMenu>>();

function localize(node: MenuNode, ctx: StepContext): LocalizedMenu {
  return localizeIn(node, ctx.session.locale, ctx.compiled.defaultLocale);
}

function localizeIn(node: MenuNode, locale: string, fallback: string): LocalizedMenu {
  let byLocale = localized.get(node);
  if (!byLocale) localized.set(node, (byLocale = new Map()));
  const hit = byLocale.get(locale);
  if (hit) return hit;
  const options = node.options.map((o) => ({
    id: o.id,
    key: o.key,
    label: o.label[locale]?.trim() || o.label[fallback] || o.id,
    synonyms: o.synonyms[locale] ?? [],
  }));
  const menu = {
    options,
    choices: options.map((o) => ({ id: o.id, key: o.key, words: [o.label, ...o.synonyms] })),
    hints: options.flatMap((o) => [o.label, ...o.synonyms]),
    understandables: options.map((o) => ({ id: o.id, label: o.label, description: o.label, examples: o.synonyms })),
  };
  byLocale.set(locale, menu);
  return menu;
}

/** The options in the caller's locale (falling back to the default locale's label). Read-only. */
export function menuOptions(node: MenuNode, ctx: StepContext): AskOption[] {
  return localize(node, ctx).options;
}

function ask(node: MenuNode, ctx: StepContext, retry: number): void {
  const { options, hints } = localize(node, ctx);
  const speech = ctx.speechAvailable();
  ctx.emit({
    type: 'ask',
    node: node.id,
    kind: 'choice',
    locale: ctx.session.locale,
    options,
    minDigits: 1,
    maxDigits: 1,
    timeoutSeconds: node.timeoutSeconds,
    bargeIn: node.bargeIn,
    speech,
    hints: speech ? hints : [],
    retry,
  });
}

function askAgain(node: MenuNode, ctx: StepContext, retry: number): void {
  ctx.say(node.prompt, node.id);
  ask(node, ctx, retry);
}

export const menuNode: NodeDefinition<'menu'> = {
  outputs: (node) => [...node.options.map((o) => o.id), 'noInput', 'noMatch'],
  // The same options (same labels) as the ask effect, so its prompts are worded for the menu the subscriber sees.
  menuOf: (node, locale, flow) => localizeIn(node, locale, flow.locales[0]?.code ?? 'fr').options,
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
      const result = understood(ctx, node.id, event, localize(node, ctx).understandables, [], UNDERSTAND_THRESHOLD);
      if (!result) return { wait: 'classifier' };
      if (result.intent && result.confidence >= UNDERSTAND_THRESHOLD) return { output: result.intent };
      return retryOrGiveUp(ctx, node, {
        failure: 'noMatch',
        maxRetries: node.maxRetries,
        failurePrompt: node.noMatchPrompt,
        giveUpOutput: 'noMatch',
        askAgain,
      });
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
    const chosen = matchChoice(localize(node, ctx).choices, event, ctx.session.locale);
    if (chosen) return { output: chosen.id };
    if (node.understand && (event.type === 'text' || event.type === 'speech') && event.text.trim() !== '') {
      startUnderstanding(
        ctx,
        event.text,
        {
          node: node.id,
          intents: localize(node, ctx).understandables,
          slots: [],
          allowDigits: false,
          timeoutMs: 3000,
          counters,
        },
        event.type === 'speech' ? event.confidence : undefined,
      );
      return { wait: 'classifier' };
    }
    return retryOrGiveUp(ctx, node, {
      failure: 'noMatch',
      maxRetries: node.maxRetries,
      failurePrompt: node.noMatchPrompt,
      giveUpOutput: 'noMatch',
      askAgain,
    });
  },
  texts: (node) => [
    { field: 'prompt', kind: 'prompt', prompt: node.prompt },
    ...(node.noInputPrompt ? [{ field: 'noInputPrompt', kind: 'prompt' as const, prompt: node.noInputPrompt }] : []),
    ...(node.noMatchPrompt ? [{ field: 'noMatchPrompt', kind: 'prompt' as const, prompt: node.noMatchPrompt }] : []),
    ...node.options.map((o, i) => ({ field: `options.${i}.label`, kind: 'label' as const, label: o.label })),
  ],
  waitsForCaller: true,
};
