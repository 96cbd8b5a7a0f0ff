import { z } from 'zod';
import { Identifier, nodeBase } from '../../schema/common.ts';

/** Jumps to another node (back to the main menu, say) without drawing a long edge. */
export const GotoNode = z.object({ ...nodeBase, type: z.literal('goto'), target: Identifier }).strict();
export type GotoNode = z.infer<typeof GotoNode>;
