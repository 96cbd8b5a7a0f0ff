import { z } from 'zod';
import { nodeBase, Prompt } from '../../schema/common.ts';

/** Says or writes a prompt and moves on. */
export const MessageNode = z.object({ ...nodeBase, type: z.literal('message'), prompt: Prompt }).strict();
export type MessageNode = z.infer<typeof MessageNode>;
