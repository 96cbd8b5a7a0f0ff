import { z } from 'zod';
import { DtmfKey, Identifier, LocaleCode, LocalizedText, nodeBase, Prompt, SourceStamp } from '../../schema/common.ts';

export const MenuOption = z
  .object({
    id: Identifier,
    key: DtmfKey,
    label: LocalizedText,
    /** Words a caller may say or write for this option, per locale (speech hints, text matching). */
    synonyms: z.record(LocaleCode, z.array(z.string().min(1).max(100)).max(50)).default({}),
    /**
     * Per locale other than the first, the first language's label its label was translated from
     * (« à revoir » once that label changes). Optional, so documents without it keep their content hash.
     */
    labelSourceStamps: z.record(LocaleCode, SourceStamp).optional(),
  })
  .strict();
export type MenuOption = z.infer<typeof MenuOption>;

/**
 * Offers options. Outputs: one per option id, then `noInput` and `noMatch` once the retries are
 * used up.
 */
export const MenuNode = z
  .object({
    ...nodeBase,
    type: z.literal('menu'),
    prompt: Prompt,
    options: z.array(MenuOption).min(1).max(30),
    noInputPrompt: Prompt.optional(),
    noMatchPrompt: Prompt.optional(),
    /** Re-prompts after a silence or a wrong answer before `noInput`/`noMatch` is taken. */
    maxRetries: z.number().int().min(0).max(5).default(2),
    timeoutSeconds: z.number().int().min(1).max(60).default(8),
    bargeIn: z.boolean().default(true),
    /**
     * Free words that name no option ("ma puce est bloquée") are understood by the runtime's
     * model, or the fallback classifier, using the labels and synonyms as examples.
     */
    understand: z.boolean().default(false),
  })
  .strict();
export type MenuNode = z.infer<typeof MenuNode>;
