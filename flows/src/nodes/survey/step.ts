import { writtenBy, type NodeDefinition } from '../definition.ts';
import type { SurveyNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import type { AskOption } from '../../interpreter/types.ts';
import { matchChoice, type Choice } from '../../interpreter/match.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';

interface LocalizedScale {
  options: AskOption[];
  choices: Choice[];
}

/** Survey nodes are read-only once parsed: each one's scale per locale is worked out once. */
const localized = new WeakMap<SurveyNode, Map<string, LocalizedScale>>();

function localize(node: SurveyNode, ctx: StepContext): LocalizedScale {
  return localizeIn(node, ctx.session.locale, ctx.compiled.defaultLocale);
}

function localizeIn(node: SurveyNode, locale: string, fallback: string): LocalizedScale {
  let byLocale = localized.get(node);
  if (!byLocale) localized.set(node, (byLocale = new Map()));
  const hit = byLocale.get(locale);
  if (hit) return hit;
  const options = Array.from({ length: node.scale }, (_, i): AskOption => {
    const score = String(i + 1);
    const answer = node.answers[i];
    return { id: score, key: score, label: answer?.label[locale]?.trim() || answer?.label[fallback] || score, synonyms: answer?.synonyms[locale] ?? [] };
  });
  const scale = { options, choices: options.map((o) => ({ id: o.id, key: o.key, words: [o.label, ...o.synonyms] })) };
  byLocale.set(locale, scale);
  return scale;
}

function ask(node: SurveyNode, ctx: StepContext, retry: number): void {
  const { options } = localize(node, ctx);
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

function askAgain(node: SurveyNode, ctx: StepContext, retry: number): void {
  ctx.say(node.prompt, node.id);
  ask(node, ctx, retry);
}

export const surveyNode: NodeDefinition<'survey'> = {
  outputs: () => ['answered', 'noInput', 'noMatch'],
  menuOf: (node, locale, flow) => localizeIn(node, locale, flow.locales[0]?.code ?? 'fr').options,
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    ask(node, ctx, 0);
    ctx.waitAt(node.id, 'caller');
    return { wait: 'caller' };
  },
  resume(node, ctx, event) {
    if (event.type === 'noInput') {
      return retryOrGiveUp(ctx, node, { failure: 'noInput', maxRetries: node.maxRetries, failurePrompt: node.noInputPrompt, giveUpOutput: 'noInput', askAgain });
    }
    const chosen = matchChoice(localize(node, ctx).choices, event, ctx.session.locale);
    if (!chosen) {
      return retryOrGiveUp(ctx, node, { failure: 'noMatch', maxRetries: node.maxRetries, failurePrompt: node.noMatchPrompt, giveUpOutput: 'noMatch', askAgain });
    }
    const score = Number(chosen.id);
    if (node.variable) ctx.setVar(node.variable, score);
    // The answer as data: the runtime counts it (analytics), channels ignore it.
    ctx.emit({ type: 'score', node: node.id, score, scale: node.scale });
    return { output: 'answered' };
  },
  texts: (node) => [
    { field: 'prompt', kind: 'prompt', prompt: node.prompt },
    ...(node.noInputPrompt ? [{ field: 'noInputPrompt', kind: 'prompt' as const, prompt: node.noInputPrompt }] : []),
    ...(node.noMatchPrompt ? [{ field: 'noMatchPrompt', kind: 'prompt' as const, prompt: node.noMatchPrompt }] : []),
    ...node.answers.map((answer, i) => ({ field: `answers.${i}.label`, kind: 'label' as const, label: answer.label })),
  ],
  variableFields: (node) => (node.variable ? [{ field: 'variable', name: node.variable, writes: true }] : []),
  writes: (node) => writtenBy(surveyNode.variableFields?.(node) ?? []),
  lint(node) {
    if (node.answers.length === 0 || node.answers.length === node.scale) return [];
    return [
      {
        severity: 'error',
        code: 'survey.answers',
        node: node.id,
        field: 'answers',
        message: `${node.id} has ${node.answers.length} answers for a scale of ${node.scale}: give one per score, or none`,
        params: { count: String(node.answers.length), scale: String(node.scale) },
      },
    ];
  },
  waitsForCaller: true,
};
