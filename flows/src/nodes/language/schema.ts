import { z } from 'zod';
import { DtmfKey, LocaleCode, nodeBase, Prompt } from '../../schema/common.ts';

/**
 * Lets the caller choose a language. The prompt is played in each offered locale, in order
 * ("Pour le français, tapez 1. For English, press 2. …"). Skipped when the caller's language is
 * remembered. Output: `next` (after retries the default locale is kept).
 */
export const LanguageNode = z
  .object({
    ...nodeBase,
    type: z.literal('language'),
    prompt: Prompt,
    options: z
      .array(z.object({ locale: LocaleCode, key: DtmfKey }).strict())
      .min(1)
      .max(10),
    skipIfKnown: z.boolean().default(true),
    noMatchPrompt: Prompt.optional(),
    maxRetries: z.number().int().min(0).max(5).default(2),
    timeoutSeconds: z.number().int().min(1).max(60).default(8),
  })
  .strict();
export type LanguageNode = z.infer<typeof LanguageNode>;
