import { z } from 'zod';
import { Identifier, nodeBase } from '../../schema/common.ts';

export const RuleOperator = z.enum(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'in', 'isSet', 'isNotSet']);
export type RuleOperator = z.infer<typeof RuleOperator>;

export const Rule = z
  .object({
    /** `caller.lastChannel`, or a declared variable; empty in a draft while the editor picks one (lint `row.incomplete`). */
    variable: z.string().max(100),
    operator: RuleOperator,
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

/**
 * A branch matches when its rules all (or any) hold, or when its expression is true. The
 * expression language is parsed, never evaluated as code: `segment == "vip" && attempts < 3`.
 */
export const Branch = z
  .object({
    id: Identifier,
    label: z.string().max(120).optional(),
    match: z.enum(['all', 'any']).default('all'),
    rules: z.array(Rule).max(20).default([]),
    expression: z.string().max(1000).optional(),
  })
  .strict();
export type Branch = z.infer<typeof Branch>;

/** Takes the first branch that matches, else `else`. Outputs: the branch ids and `else`. */
export const ConditionNode = z.object({ ...nodeBase, type: z.literal('condition'), branches: z.array(Branch).min(1).max(20) }).strict();
export type ConditionNode = z.infer<typeof ConditionNode>;
