import type { AskEffect } from '@griot/flows';
import type { PromptVerb } from './renderPrompts.ts';
import type { GatherVerb, Recognizer } from './verbs.ts';

/** Hints are a bias, not a grammar: a few dozen short phrases help, thousands only slow the vendor. */
const MAX_HINTS = 100;

export interface GatherContext {
  actionHook: string;
  /** The recognizer of the ask's locale; undefined when the locale has no speech recognition. */
  recognizer: Recognizer | undefined;
}

function uniqueHints(hints: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const hint of hints) {
    const h = hint.trim();
    const key = h.toLowerCase();
    if (h === '' || h.length > 100 || seen.has(key)) continue;
    seen.add(key);
    out.push(h);
    if (out.length >= MAX_HINTS) break;
  }
  return out;
}

/** Keypad limits for the ask: one key for menus, the node's lengths for codes and numbers. */
function digitLimits(ask: AskEffect): Pick<GatherVerb, 'numDigits' | 'minDigits' | 'maxDigits' | 'finishOnKey' | 'interDigitTimeout'> {
  const finishOnKey = ask.finishOnKey ? { finishOnKey: ask.finishOnKey } : {};
  const { minDigits, maxDigits } = ask;
  // A fixed length without an end key completes on the last digit.
  if (minDigits !== undefined && minDigits === maxDigits && !ask.finishOnKey) return { numDigits: minDigits };
  // Menus: one key, no end key, so `*` and `#` are keys like the others.
  if (ask.kind === 'choice' || ask.kind === 'language') return { numDigits: maxDigits ?? 1 };
  return {
    // jambonz keeps digits that end by time only when at least `minDigits` are in, and compares
    // with the value as given: without one, a pause (or the gather's timeout) would lose them.
    minDigits: minDigits ?? 1,
    ...(maxDigits !== undefined ? { maxDigits } : {}),
    ...finishOnKey,
    // Without an end key, a pause of a few seconds ends the entry.
    ...(ask.finishOnKey ? {} : { interDigitTimeout: 5 }),
  };
}

/**
 * One ask as a `gather`: keypad always (every caller has one), speech too where the locale has
 * recognition, with the options' labels and synonyms as hints. The prompt rides inside the
 * gather when barge-in is allowed, so a caller who knows the menu can answer at once.
 */
export function renderGather(ask: AskEffect, prompt: PromptVerb | undefined, ctx: GatherContext): GatherVerb {
  const speech = ask.speech && ctx.recognizer !== undefined;
  const hints = speech ? uniqueHints(ask.hints) : [];
  const gather: GatherVerb = {
    verb: 'gather',
    actionHook: ctx.actionHook,
    input: speech ? ['digits', 'speech'] : ['digits'],
    timeout: ask.timeoutSeconds,
    ...digitLimits(ask),
  };
  if (speech && ctx.recognizer) gather.recognizer = { ...ctx.recognizer, ...(hints.length > 0 ? { hints } : {}) };
  if (prompt?.verb === 'say') {
    const { verb: _say, ...nested } = prompt;
    gather.say = nested;
  } else if (prompt?.verb === 'play') {
    const { verb: _play, ...nested } = prompt;
    gather.play = nested;
  }
  return gather;
}
