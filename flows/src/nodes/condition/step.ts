import type { NodeDefinition } from '../definition.ts';
import type { Branch, Rule } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import { compare, looseEqual, truthy } from '../../expression/index.ts';

function ruleHolds(rule: Rule, ctx: StepContext): boolean {
  // A rule with no variable yet (only in a draft: lint blocks publishing it) never holds.
  if (rule.variable === '') return false;
  const actual = ctx.lookup(rule.variable);
  const expected = rule.value;
  switch (rule.operator) {
    case 'eq':
      return looseEqual(actual, expected);
    case 'neq':
      return !looseEqual(actual, expected);
    case 'lt':
      return actual != null && compare(actual, expected) < 0;
    case 'lte':
      return actual != null && compare(actual, expected) <= 0;
    case 'gt':
      return actual != null && compare(actual, expected) > 0;
    case 'gte':
      return actual != null && compare(actual, expected) >= 0;
    case 'contains':
      return Array.isArray(actual) ? actual.some((a) => looseEqual(a, expected)) : String(actual ?? '').includes(String(expected ?? ''));
    case 'startsWith':
      return String(actual ?? '').startsWith(String(expected ?? ''));
    case 'in':
      return Array.isArray(expected) && expected.some((e) => looseEqual(actual, e));
    case 'isSet':
      return actual !== undefined && actual !== null && actual !== '';
    case 'isNotSet':
      return actual === undefined || actual === null || actual === '';
  }
}

export function branchMatches(branch: Branch, ctx: StepContext, node: string): boolean {
  // The expression is evaluated whatever the rules say: its problems are reported either way.
  const expression = branch.expression ? truthy(ctx.evaluate(branch.expression, node)) : undefined;
  const { rules } = branch;
  if (rules.length === 0 && expression === undefined) return false;
  const any = branch.match === 'any';
  // Rules only read variables, so they can stop at the first that decides.
  for (const rule of rules) if (Boolean(ruleHolds(rule, ctx)) === any) return any;
  return expression === undefined ? !any : expression;
}

export const conditionNode: NodeDefinition<'condition'> = {
  outputs: (node) => [...node.branches.map((b) => b.id), 'else'],
  enter(node, ctx) {
    const branch = node.branches.find((b) => branchMatches(b, ctx, node.id));
    return { output: branch?.id ?? 'else' };
  },
  expressions: (node) => node.branches.flatMap((b, i) => (b.expression ? [{ field: `branches.${i}.expression`, source: b.expression }] : [])),
  variableFields: (node) => node.branches.flatMap((b, i) => b.rules.map((r, j) => ({ field: `branches.${i}.rules.${j}.variable`, name: r.variable, writes: false }))),
  waitsForCaller: false,
};
