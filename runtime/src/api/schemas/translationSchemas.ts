import { z } from 'zod';
import { Identifier, LocaleCode, VariantKey, type TranslationSuggestions } from '@griot/flows';

export const SuggestTranslationsBody = z
  .object({
    targetLocale: LocaleCode.describe('the locale to fill in'),
    sourceLocale: LocaleCode.optional().describe("the locale to translate from; the flow's default locale when absent"),
    nodeIds: z.array(Identifier).min(1).max(5000).optional().describe('only the texts of these nodes'),
  })
  .strict();

const where = {
  nodeId: z.string(),
  field: z.string().describe('`prompt`, `noMatchPrompt`…, `intents.0.label`, `intents.0.examples`'),
};
const variant = VariantKey.optional().describe("a prompt's wording for one channel or way of answering (`sms`, `buttons`); absent: the locale's own text");
const PromptRef = z.object({ kind: z.literal('prompt'), ...where, variant });
const IntentRef = z.object({ kind: z.enum(['intentLabel', 'intentExamples']), ...where, intentId: z.string() });
const TextRef = z.union([PromptRef, IntentRef]);
const RejectReason = z.enum(['unanswered', 'empty', 'notOneText', 'placeholders', 'markup', 'invalid']);

export const TranslationSuggestionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('prompt'), ...where, variant, source: z.string(), text: z.string() }),
  z.object({ kind: z.literal('intentLabel'), ...where, intentId: z.string(), source: z.string(), text: z.string() }),
  z.object({ kind: z.literal('intentExamples'), ...where, intentId: z.string(), source: z.array(z.string()), examples: z.array(z.string()) }),
]);

export const TranslationSuggestionsSchema = z.object({
  flowId: z.string(),
  revision: z.number().int().describe('the draft revision the texts were read from'),
  sourceLocale: z.string(),
  targetLocale: z.string(),
  suggestions: z.array(TranslationSuggestionSchema).describe('to apply to the draft marked for review; nothing is saved by this call'),
  withoutSource: z.array(TextRef).describe('missing in both locales: nothing to translate from'),
  rejected: z.array(z.union([PromptRef.extend({ reason: RejectReason }), IntentRef.extend({ reason: RejectReason })])).describe('left out or unusable answers of the model'),
}) satisfies z.ZodType<TranslationSuggestions>;
