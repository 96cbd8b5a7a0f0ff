import type { NodeDefinition } from '../definition.ts';
import type { MenuNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import type { AskOption } from '../../interpreter/types.ts';
import { matchChoice } from '../../interpreter/match.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';

/** The options in the caller's locale (falling back to the default locale's label). */
export function menuOptions(node: MenuNode, ctx: StepContext): AskOption[] {
  const locale = ctx.session.locale;
  const fallback = ctx.compiled.defaultLocale;
  return node.options.map((o) => ({
    id: o.id,
    key: o.key,
    label: o.label[locale] ?? o.label[fallback] ?? o.id,
    synonyms: o.synonyms[locale] ?? [],
  }));
}

function ask(node: MenuNode, ctx: StepContext, retry: number): void {
  const options = menuOptions(node, ctx);
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
    hints: speech ? options.flatMap((o) => [o.label, ...o.synonyms]) : [],
    retry,
  });
}

export const menuNode: NodeDefinition<'menu'> = {
  outputs: (node) => [...node.options.map((o) => o.id), 'noInput', 'noMatch'],
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    ask(node, ctx, 0);
    ctx.waitAt(node.id, 'caller');
    return { wait: 'caller' };
  },
  resume(node, ctx, event) {
    const askAgain = (retry: number) => {
      ctx.say(node.prompt, node.id);
      ask(node, ctx, retry);
    };
    if (event.type === 'noInput') {
      return retryOrGiveUp(ctx, {
        node: node.id, failure: 'noInput', maxRetries: node.maxRetries,
        failurePrompt: node.noInputPrompt, giveUpOutput: 'noInput', askAgain,
      });
    }
    const options = menuOptions(node, ctx);
    const chosen = matchChoice(
      options.map((o) => ({ id: o.id, key: o.key, words: [o.label, ...o.synonyms] })),
      event,
    );
    if (chosen) return { output: chosen.id };
    return retryOrGiveUp(ctx, {
      node: node.id, failure: 'noMatch', maxRetries: node.maxRetries,
      failurePrompt: node.noMatchPrompt, giveUpOutput: 'noMatch', askAgain,
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
