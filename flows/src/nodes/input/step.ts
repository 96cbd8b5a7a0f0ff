import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { writtenBy, type NodeDefinition } from '../definition.ts';
import type { InputNode } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import type { FlowEvent, JsonValue } from '../../interpreter/types.ts';
import { retryOrGiveUp } from '../../interpreter/retry.ts';

function ask(node: InputNode, ctx: StepContext, retry: number): void {
  const digitsOnly = node.kind === 'digits' || node.kind === 'phone' || node.kind === 'number';
  ctx.emit({
    type: 'ask',
    node: node.id,
    kind: node.kind,
    locale: ctx.session.locale,
    ...(node.kind === 'digits' && node.validation.minLength !== undefined ? { minDigits: node.validation.minLength } : {}),
    ...(node.kind === 'digits' && node.validation.maxLength !== undefined ? { maxDigits: node.validation.maxLength } : {}),
    ...(node.kind === 'phone' ? { minDigits: 8, maxDigits: 15 } : {}),
    ...(digitsOnly && node.finishOnKey ? { finishOnKey: node.finishOnKey } : {}),
    timeoutSeconds: node.timeoutSeconds,
    bargeIn: node.bargeIn,
    // Free text can only come from speech on voice; digits come from the keypad or speech.
    speech: ctx.speechAvailable(),
    hints: [],
    retry,
  });
}

function rawAnswer(event: FlowEvent): string | undefined {
  switch (event.type) {
    case 'digits':
      return event.digits.replace(/[#*]$/, '');
    case 'text':
    case 'speech':
      return event.text.trim();
    case 'choice':
      return event.option;
    default:
      return undefined;
  }
}

/** Reads and checks the answer; undefined when it does not fit the node's kind and limits. */
export function readInput(node: InputNode, answer: string, region: string): JsonValue | undefined {
  const { minLength, maxLength, min, max } = node.validation;
  const lengthOk = (s: string) => (minLength === undefined || s.length >= minLength) && (maxLength === undefined || s.length <= maxLength);
  switch (node.kind) {
    case 'digits': {
      // Spoken or typed codes arrive with spaces or dashes: "12 34 56".
      const digits = answer.replace(/[\s.-]/g, '');
      return /^[0-9]+$/.test(digits) && lengthOk(digits) ? digits : undefined;
    }
    case 'text':
      return answer !== '' && lengthOk(answer) ? answer : undefined;
    case 'number': {
      const n = Number(answer.replace(/\s/g, '').replace(',', '.'));
      if (answer.trim() === '' || !Number.isFinite(n)) return undefined;
      return (min === undefined || n >= min) && (max === undefined || n <= max) ? n : undefined;
    }
    case 'phone': {
      const phone = parsePhoneNumberFromString(answer, region as CountryCode);
      return phone?.isValid() ? phone.number : undefined;
    }
  }
}

function askAgain(node: InputNode, ctx: StepContext, retry: number): void {
  ctx.say(node.prompt, node.id);
  ask(node, ctx, retry);
}

export const inputNode: NodeDefinition<'input'> = {
  outputs: () => ['ok', 'noInput', 'invalid'],
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    ask(node, ctx, 0);
    ctx.waitAt(node.id, 'caller');
    return { wait: 'caller' };
  },
  resume(node, ctx, event) {
    const answer = rawAnswer(event);
    if (event.type === 'noInput' || answer === undefined || answer === '') {
      return retryOrGiveUp(ctx, node, {
        failure: 'noInput',
        maxRetries: node.maxRetries,
        failurePrompt: node.noInputPrompt,
        giveUpOutput: 'noInput',
        askAgain,
      });
    }
    const value = readInput(node, answer, ctx.flow.settings.phoneRegion);
    if (value !== undefined) {
      ctx.setVar(node.variable, value);
      // The runtime links a platform caller's profile to the number (phone questions only).
      if (node.linkCaller && node.kind === 'phone' && typeof value === 'string') ctx.emit({ type: 'linkCaller', node: node.id, number: value });
      return { output: 'ok' };
    }
    return retryOrGiveUp(ctx, node, {
      failure: 'noMatch',
      maxRetries: node.maxRetries,
      failurePrompt: node.invalidPrompt,
      giveUpOutput: 'invalid',
      askAgain,
    });
  },
  texts: (node) => [
    { field: 'prompt', kind: 'prompt', prompt: node.prompt },
    ...(node.noInputPrompt ? [{ field: 'noInputPrompt', kind: 'prompt' as const, prompt: node.noInputPrompt }] : []),
    ...(node.invalidPrompt ? [{ field: 'invalidPrompt', kind: 'prompt' as const, prompt: node.invalidPrompt }] : []),
  ],
  variableFields: (node) => [{ field: 'variable', name: node.variable, writes: true }],
  writes: (node) => writtenBy(inputNode.variableFields?.(node) ?? []),
  waitsForCaller: true,
};
