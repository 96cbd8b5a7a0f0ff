import { z } from 'zod';
import { LocaleCode, LocalizedText, nodeBase, Prompt, VariableName } from '../../schema/common.ts';

/** How one score is shown (buttons, list rows) and said: its label and other words, per locale. */
export const SurveyAnswer = z
  .object({
    label: LocalizedText,
    /** Words a caller may say or write for this score ("très satisfait", "excellent"). */
    synonyms: z.record(LocaleCode, z.array(z.string().min(1).max(100)).max(20)).default({}),
  })
  .strict();
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

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
    /** One per score, worst first: labels for buttons and list rows, words for speech and text; the digit alone when absent. */
    answers: z.array(SurveyAnswer).max(5).default([]),
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
