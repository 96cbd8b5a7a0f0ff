import { z } from 'zod';
import { Identifier, LocaleCode, LocalizedText, nodeBase, Prompt, DraftVariableName } from '../../schema/common.ts';

export const Intent = z
  .object({
    id: Identifier,
    /** Shown on buttons when the channel offers the intents as choices; also sent to the model. */
    label: LocalizedText.default({}),
    /** What the intent means, in plain words, for the model. */
    description: z.string().max(500).default(''),
    /** Example phrases and keywords per locale, for the model and the fallback classifier. */
    examples: z.record(LocaleCode, z.array(z.string().min(1).max(200)).max(100)).default({}),
    /** A suggested translation waiting for an editor: never published (lint error). */
    needsReview: z.array(LocaleCode).default([]),
  })
  .strict();
export type Intent = z.infer<typeof Intent>;

export const Slot = z
  .object({
    /** What a merge knows the slot by, unique in the node; optional as a test case's (`TestCase.id`). */
    id: Identifier.optional(),
    variable: DraftVariableName,
    kind: z.enum(['phone', 'amount', 'digits', 'text']),
    description: z.string().max(300).default(''),
  })
  .strict();
export type Slot = z.infer<typeof Slot>;

/**
 * Understands what the caller says or writes in their own words and routes by intent: through
 * an LLM when the runtime has one, else (and when it fails or is slow) through the deterministic
 * fallback classifier. Outputs: the intent ids, then `noInput` / `noMatch` after the retries.
 */
export const IntentNode = z
  .object({
    ...nodeBase,
    type: z.literal('intent'),
    prompt: Prompt,
    intents: z.array(Intent).min(1).max(30),
    slots: z.array(Slot).max(10).default([]),
    /** Below this confidence the answer counts as not understood. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Send digit sequences to the model as they are (otherwise masked). */
    allowDigits: z.boolean().default(false),
    noInputPrompt: Prompt.optional(),
    noMatchPrompt: Prompt.optional(),
    maxRetries: z.number().int().min(0).max(5).default(2),
    timeoutSeconds: z.number().int().min(1).max(60).default(8),
    /** How long the model may take before the fallback answers. */
    classifierTimeoutMs: z.number().int().min(200).max(15000).default(3000),
  })
  .strict();
export type IntentNode = z.infer<typeof IntentNode>;
