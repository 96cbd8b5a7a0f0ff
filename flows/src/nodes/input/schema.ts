import { z } from 'zod';
import { nodeBase, Prompt, VariableName } from '../../schema/common.ts';

export const InputKind = z.enum(['digits', 'text', 'phone', 'number']);
export type InputKind = z.infer<typeof InputKind>;

/**
 * Collects a value into a variable. Outputs: `ok`, then `noInput` / `invalid` once the retries
 * are used up.
 */
export const InputNode = z
  .object({
    ...nodeBase,
    type: z.literal('input'),
    kind: InputKind,
    variable: VariableName,
    prompt: Prompt,
    noInputPrompt: Prompt.optional(),
    invalidPrompt: Prompt.optional(),
    validation: z
      .object({
        minLength: z.number().int().min(0).max(64).optional(),
        maxLength: z.number().int().min(1).max(256).optional(),
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .strict()
      .default({}),
    /** Keypad key that ends digit entry on voice. */
    finishOnKey: z.enum(['#', '*', '']).default('#'),
    maxRetries: z.number().int().min(0).max(5).default(2),
    timeoutSeconds: z.number().int().min(1).max(60).default(10),
    bargeIn: z.boolean().default(true),
    /**
     * Phone questions only: the answer links the subscriber's profile on a channel that knows them
     * by a platform id (Telegram, Messenger) to that number, so their language and last channel
     * follow them to calls and back. A typed number is the subscriber's claim, not a proof: the
     * session's caller number stays the platform id (see docs/flow-format.md).
     */
    linkCaller: z.boolean().optional(),
  })
  .strict();
export type InputNode = z.infer<typeof InputNode>;
