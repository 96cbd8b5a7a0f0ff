import { z } from 'zod';
import { LocalizedText, nodeBase, Prompt, VariableName } from '../../schema/common.ts';

/**
 * A satisfaction question (CSAT): the caller answers on a scale of 1 to 3 or 1 to 5 (the keypad
 * on voice, buttons or a list on messaging), and the answer is a score the runtime counts per
 * flow version, channel, locale and agent. Outputs: `answered`, then `noInput` / `noMatch` once
 * the retries are used up (one retry by default: a survey must not hold the caller).
 */
export const SurveyNode = z
  .object({
    ...nodeBase,
    type: z.literal('survey'),
    /** Says the scale ("from 1, very unhappy, to 5, very happy"): the keys are the scores. */
    prompt: Prompt,
    scale: z.union([z.literal(3), z.literal(5)]).default(5),
    /** One label per score, worst first, per locale (buttons, list rows, words speech recognises); the digit when absent. */
    labels: z.array(LocalizedText).max(5).default([]),
    /** The score is also kept in this variable (a number), for the rest of the flow. */
    variable: VariableName.optional(),
    noInputPrompt: Prompt.optional(),
    noMatchPrompt: Prompt.optional(),
    maxRetries: z.number().int().min(0).max(3).default(1),
    timeoutSeconds: z.number().int().min(1).max(60).default(8),
    bargeIn: z.boolean().default(true),
  })
  .strict();
export type SurveyNode = z.infer<typeof SurveyNode>;
