import type jsep from 'jsep';
import { childrenOf, memberPath, type Expression } from './parse.ts';
import { joinWithinLimit } from './valueLimits.ts';

export type Lookup = (path: string) => unknown;

/** Named functions an expression may call. */
export const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  len: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : 0),
  lower: (v) => String(v ?? '').toLowerCase(),
  upper: (v) => String(v ?? '').toUpperCase(),
  number: (v) => {
    const n = typeof v === 'number' ? v : Number(String(v ?? '').replace(',', '.'));
    return Number.isFinite(n) ? n : null;
  },
  contains: (haystack, needle) => (Array.isArray(haystack) ? haystack.includes(needle) : String(haystack ?? '').includes(String(needle ?? ''))),
  startsWith: (v, prefix) => String(v ?? '').startsWith(String(prefix ?? '')),
  isSet: (v) => v !== undefined && v !== null && v !== '',
};
export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);

/** Thrown for expressions that parse but cannot be evaluated (an unknown function). */
export class ExpressionError extends Error {}

/**
 * Evaluates a parsed expression against variables. Comparison is loose between numbers and
 * numeric strings (a balance from JSON may be either) and strict otherwise.
 */
export function evaluate(node: Expression, lookup: Lookup): unknown {
  switch (node.type) {
    case 'Literal':
      return (node as jsep.Literal).value;
    case 'Identifier':
    case 'MemberExpression': {
      const path = memberPath(node);
      if (path === null) throw new ExpressionError('computed member access is not supported');
      return lookup(path);
    }
    case 'ArrayExpression':
      return childrenOf(node).map((e) => evaluate(e, lookup));
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const v = evaluate(u.argument, lookup);
      if (u.operator === '!') return !truthy(v);
      if (u.operator === '-') return -toNumber(v);
      if (u.operator === '+') return toNumber(v);
      throw new ExpressionError(`unsupported operator ${u.operator}`);
    }
    case 'ConditionalExpression': {
      const [test, yes, no] = childrenOf(node) as [Expression, Expression, Expression];
      return truthy(evaluate(test, lookup)) ? evaluate(yes, lookup) : evaluate(no, lookup);
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = (call.callee as jsep.Identifier).name;
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn) throw new ExpressionError(`unknown function ${name}()`);
      return fn(...call.arguments.map((a) => evaluate(a, lookup)));
    }
    case 'BinaryExpression':
    case 'LogicalExpression':
      return binary(node as jsep.BinaryExpression, lookup);
    default:
      throw new ExpressionError(`unsupported construct ${node.type}`);
  }
}

function binary(node: jsep.BinaryExpression, lookup: Lookup): unknown {
  const op = node.operator;
  if (op === '&&') return truthy(evaluate(node.left, lookup)) && truthy(evaluate(node.right, lookup));
  if (op === '||') {
    const left = evaluate(node.left, lookup);
    return truthy(left) ? left : evaluate(node.right, lookup);
  }
  const a = evaluate(node.left, lookup);
  const b = evaluate(node.right, lookup);
  return binaryOperator(op)(a, b);
}

type BinaryOperator = (a: unknown, b: unknown) => unknown;

/** Operators other than `&&` and `||`, which do not always evaluate their right side. */
const BINARY: Record<string, BinaryOperator> = {
  '==': (a, b) => looseEqual(a, b),
  '===': (a, b) => looseEqual(a, b),
  '!=': (a, b) => !looseEqual(a, b),
  '!==': (a, b) => !looseEqual(a, b),
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
  // Text is joined only up to the size a value may have (`valueLimits.ts`).
  '+': (a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : isNumeric(a) && isNumeric(b) ? toNumber(a) + toNumber(b) : joinWithinLimit(`${a ?? ''}`, `${b ?? ''}`)),
  '-': (a, b) => toNumber(a) - toNumber(b),
  '*': (a, b) => toNumber(a) * toNumber(b),
  '/': (a, b) => (toNumber(b) === 0 ? null : toNumber(a) / toNumber(b)),
  '%': (a, b) => (toNumber(b) === 0 ? null : toNumber(a) % toNumber(b)),
  in: (a, b) => (Array.isArray(b) ? b.some((x) => looseEqual(x, a)) : String(b ?? '').includes(String(a ?? ''))),
};

/** The operator's function; one that throws, once both sides are evaluated, for an unknown operator. */
export function binaryOperator(op: string): BinaryOperator {
  if (Object.hasOwn(BINARY, op)) return BINARY[op] as BinaryOperator;
  return () => {
    throw new ExpressionError(`unsupported operator ${op}`);
  };
}

export function truthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '' || Number.isNaN(v));
}

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
}

export function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : isNumeric(v) ? Number(v) : Number.NaN;
}

export function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) === toNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  return false;
}

export function compare(a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) - toNumber(b);
  return String(a ?? '').localeCompare(String(b ?? ''));
}
