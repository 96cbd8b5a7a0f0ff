import type { Prompt } from '../schema/common.ts';
import type { NodeOutcome, StepContext } from './context.ts';

/**
 * After a silence or a wrong answer: says the failure prompt and asks again while retries
 * remain, else takes the give-up output (`noInput`, `noMatch`, `invalid`).
 */
export function retryOrGiveUp<N extends { id: string }>(
  ctx: StepContext,
  node: N,
  options: {
    failure: 'noInput' | 'noMatch';
    maxRetries: number;
    failurePrompt: Prompt | undefined;
    giveUpOutput: string;
    /** Asks the question again (a module-level function: no closure per turn). */
    askAgain: (node: N, ctx: StepContext, retry: number) => void;
  },
): NodeOutcome {
  const wait = ctx.session.wait;
  const counts = { noInput: wait?.noInput ?? 0, noMatch: wait?.noMatch ?? 0 };
  counts[options.failure] += 1;
  if (counts[options.failure] > options.maxRetries) return { output: options.giveUpOutput };
  ctx.say(options.failurePrompt, node.id);
  options.askAgain(node, ctx, counts.noInput + counts.noMatch);
  ctx.waitAt(node.id, 'caller', counts);
  return { wait: 'caller' };
}
