import type { NodeDefinition } from '../definition.ts';
import type { LanguageNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import { matchChoice, type Choice } from '../../interpreter/match.ts';
import type { CompiledFlow } from '../../interpreter/compiled.ts';
import type { AskOption } from '../../interpreter/types.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';

/** Each node's choices, with the flow they were built for (locale names come from the flow). */
const choicesCache = new WeakMap<LanguageNode, { compiled: CompiledFlow; choices: Choice[] }>();

function choices(node: LanguageNode, ctx: StepContext): Choice[] {
  const hit = choicesCache.get(node);
  if (hit && hit.compiled === ctx.compiled) return hit.choices;
  const list = node.options.map((o) => {
    const locale = ctx.compiled.locales.get(o.locale);
    return { id: o.locale, key: o.key, words: [o.locale, locale?.name ?? o.locale] };
  });
  choicesCache.set(node, { compiled: ctx.compiled, choices: list });
  return list;
}

const offeredCache = new WeakMap<LanguageNode, string[]>();

function offeredLocales(node: LanguageNode): string[] {
  let locales = offeredCache.get(node);
  if (!locales) {
    locales = node.options.map((o) => o.locale);
    offeredCache.set(node, locales);
  }
  return locales;
}

/** The offered languages as a menu: each by its name in the flow. */
function languageOptions(node: LanguageNode, nameOf: (code: string) => string | undefined): AskOption[] {
  return node.options.map((o) => ({ id: o.locale, key: o.key, label: nameOf(o.locale) ?? o.locale, synonyms: [] }));
}

/** The prompt once in each offered locale, each in its own voice; then one keypad ask. */
function offer(node: LanguageNode, ctx: StepContext, retry: number): void {
  for (const option of node.options) {
    const effect = ctx.prompt({ [option.locale]: node.prompt[option.locale] ?? {} }, node.id, option.locale);
    if (effect && effect.locale === option.locale) ctx.emit(effect);
  }
  ctx.emit({
    type: 'ask',
    node: node.id,
    kind: 'language',
    locale: ctx.session.locale,
    options: languageOptions(node, (code) => ctx.compiled.locales.get(code)?.name),
    minDigits: 1,
    maxDigits: 1,
    timeoutSeconds: node.timeoutSeconds,
    bargeIn: true,
    // The caller's language is not known yet: the keypad is the one answer every caller has.
    speech: false,
    hints: [],
    retry,
  });
}

/**
 * The caller's language is set, and announced to the host (to switch voices, and to remember it):
 * `known` when it is the one they were known in, kept without asking (nothing new to remember).
 */
function choose(ctx: StepContext, locale: string, known = false): void {
  ctx.emit({ type: 'locale', locale, ...(known ? { known: true as const } : {}) });
  ctx.session.locale = locale;
}

export const languageNode: NodeDefinition<'language'> = {
  outputs: () => ['next'],
  menuOf: (node, _locale, flow) => languageOptions(node, (code) => flow.locales.find((l) => l.code === code)?.name),
  enter(node, ctx) {
    const known = ctx.session.caller.knownLocale;
    if (node.skipIfKnown && known && node.options.some((o) => o.locale === known)) {
      choose(ctx, known, true);
      return { output: 'next' };
    }
    offer(node, ctx, 0);
    ctx.waitAt(node.id, 'caller');
    return { wait: 'caller' };
  },
  resume(node, ctx, event) {
    // The language is not chosen yet: a number word of any offered language is its key.
    const chosen = event.type === 'noInput' ? undefined : matchChoice(choices(node, ctx), event, offeredLocales(node));
    if (chosen) {
      choose(ctx, chosen.id);
      return { output: 'next' };
    }
    // Out of retries, the contact carries on in the language it already has (the default).
    return retryOrGiveUp(ctx, node, {
      failure: event.type === 'noInput' ? 'noInput' : 'noMatch',
      maxRetries: node.maxRetries,
      failurePrompt: node.noMatchPrompt,
      giveUpOutput: 'next',
      askAgain: offer,
    });
  },
  texts: (node) => [{ field: 'prompt', kind: 'prompt', prompt: node.prompt }, ...(node.noMatchPrompt ? [{ field: 'noMatchPrompt', kind: 'prompt' as const, prompt: node.noMatchPrompt }] : [])],
  waitsForCaller: true,
};
