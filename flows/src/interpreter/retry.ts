import type { Prompt } from '../schema/common.ts';
import type { NodeOutcome, StepContext } from './context.ts';

/**
 * After a silence or a wrong answer: says the failure prompt and asks again while retries
 * remain, else takes the give-up output (`noInput`, `noMatch`, `invalid`).
 */
export function retryOrGiveUp(
  ctx: StepContext,
  options: {
    node: string;
    failure: 'noInput' | 'noMatch';
    maxRetries: number;
    failurePrompt: Prompt | undefined;
    giveUpOutput: string;
    askAgain: (retry: number) => void;
  },
): NodeOutcome {
  const wait = ctx.session.wait;
  const counts = { noInput: wait?.noInput ?? 0, noMatch: wait?.noMatch ?? 0 };
  counts[options.failure] += 1;
  if (counts[options.failure] > options.maxRetries) return { output: options.giveUpOutput };
  ctx.say(options.failurePrompt, options.node);
  options.askAgain(counts.noInput + counts.noMatch);
  ctx.waitAt(options.node, 'caller', counts);
  return { wait: 'caller' };
}
