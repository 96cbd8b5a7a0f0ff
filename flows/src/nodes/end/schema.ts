import { z } from 'zod';
import { nodeBase, Prompt } from '../../schema/common.ts';

/** Ends the contact, optionally with a last prompt; `reason` is kept in the caller's history. */
export const EndNode = z.object({ ...nodeBase, type: z.literal('end'), prompt: Prompt.optional(), reason: z.string().max(200).optional() }).strict();
export type EndNode = z.infer<typeof EndNode>;
