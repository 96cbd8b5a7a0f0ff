import type jsep from 'jsep';
import { childrenOf, memberPath, type Expression } from './parse.ts';

/** Operators whose result is a yes or no, never an operand's value (`||` gives an operand back). */
const YES_NO = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', 'in', '&&']);
/** Functions that answer about their arguments (a length, yes or no) rather than return them. */
const ABOUT_ONLY = new Set(['len', 'contains', 'startsWith', 'isSet']);

/**
 * The variable paths whose value can end up in the expression's result: `puk` and `lower(puk)`
 * carry `puk`; `puk != ''` and `len(puk)` do not (they tell about it, they do not copy it).
 * What sensitivity follows when a value is copied into another variable.
 */
export function carriedPaths(ast: Expression): string[] {
  const path = memberPath(ast);
  if (path) return [path];
  switch (ast.type) {
    case 'Literal':
      return [];
    case 'UnaryExpression':
      return (ast as jsep.UnaryExpression).operator === '!' ? [] : carriedPaths((ast as jsep.UnaryExpression).argument);
    case 'BinaryExpression':
    case 'LogicalExpression': {
      const b = ast as jsep.BinaryExpression;
      return YES_NO.has(b.operator) ? [] : [...carriedPaths(b.left), ...carriedPaths(b.right)];
    }
    case 'ConditionalExpression': {
      const [, yes, no] = childrenOf(ast) as [Expression, Expression, Expression];
      return [...carriedPaths(yes), ...carriedPaths(no)];
    }
    case 'CallExpression': {
      const call = ast as jsep.CallExpression;
      const name = call.callee.type === 'Identifier' ? (call.callee as jsep.Identifier).name : '';
      return ABOUT_ONLY.has(name) ? [] : call.arguments.flatMap(carriedPaths);
    }
    default:
      // Arrays and anything else: whatever they hold.
      return childrenOf(ast).flatMap(carriedPaths);
  }
}
