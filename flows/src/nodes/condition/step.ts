import type { NodeDefinition } from '../definition.ts';
import type { Branch, Rule } from './schema.ts';
import type { StepContext } from '../../interpreter/context.ts';
import { compare, looseEqual, truthy } from '../../expression/index.ts';

function ruleHolds(rule: Rule, ctx: StepContext): boolean {
  const actual = ctx.lookup(rule.variable);
  const expected = rule.value;
  switch (rule.operator) {
    case 'eq': return looseEqual(actual, expected);
    case 'neq': return !looseEqual(actual, expected);
    case 'lt': return actual != null && compare(actual, expected) < 0;
    case 'lte': return actual != null && compare(actual, expected) <= 0;
    case 'gt': return actual != null && compare(actual, expected) > 0;
    case 'gte': return actual != null && compare(actual, expected) >= 0;
    case 'contains':
      return Array.isArray(actual) ? actual.some((a) => looseEqual(a, expected)) : String(actual ?? '').includes(String(expected ?? ''));
    case 'startsWith': return String(actual ?? '').startsWith(String(expected ?? ''));
    case 'in': return Array.isArray(expected) && expected.some((e) => looseEqual(actual, e));
    case 'isSet': return actual !== undefined && actual !== null && actual !== '';
    case 'isNotSet': return actual === undefined || actual === null || actual === '';
  }
}

export function branchMatches(branch: Branch, ctx: StepContext, node: string): boolean {
  const results = branch.rules.map((r) => ruleHolds(r, ctx));
  if (branch.expression) results.push(truthy(ctx.evaluate(branch.expression, node)));
  if (results.length === 0) return false;
  return branch.match === 'any' ? results.some(Boolean) : results.every(Boolean);
}

export const conditionNode: NodeDefinition<'condition'> = {
  outputs: (node) => [...node.branches.map((b) => b.id), 'else'],
  enter(node, ctx) {
    const branch = node.branches.find((b) => branchMatches(b, ctx, node.id));
    return { output: branch?.id ?? 'else' };
  },
  expressions: (node) =>
    node.branches.flatMap((b, i) => (b.expression ? [{ field: `branches.${i}.expression`, source: b.expression }] : [])),
  waitsForCaller: false,
};
