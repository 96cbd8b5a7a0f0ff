import { z } from 'zod';
import { nodeBase } from '../../schema/common.ts';

/** Where every contact begins. */
export const StartNode = z.object({ ...nodeBase, type: z.literal('start') }).strict();
export type StartNode = z.infer<typeof StartNode>;
