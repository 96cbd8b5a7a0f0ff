import { z } from 'zod';
import { DraftVariableName, nodeBase } from '../../schema/common.ts';

/** One assignment: a template (`{{a}}-{{b}}`) or an expression (`attempts + 1`). */
export const Assignment = z
  .object({
    variable: DraftVariableName,
    value: z.string().max(2000).optional(),
    expression: z.string().max(1000).optional(),
  })
  .strict()
  .refine((a) => (a.value === undefined) !== (a.expression === undefined), {
    message: 'give either a value or an expression',
  });
export type Assignment = z.infer<typeof Assignment>;

export const SetNode = z.object({ ...nodeBase, type: z.literal('set'), assignments: z.array(Assignment).min(1).max(50) }).strict();
export type SetNode = z.infer<typeof SetNode>;
