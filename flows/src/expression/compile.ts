import type jsep from 'jsep';
import { childrenOf, memberPath, parseExpression, type Expression } from './parse.ts';
import { evaluate, ExpressionError, FUNCTIONS, binaryOperator, truthy, toNumber } from './evaluate.ts';

/** Where a compiled expression reads its variables (a step's context). */
export interface ExpressionScope {
  lookup(path: string): unknown;
  /** Counts the characters of text built (joined, or returned by a function) against the step's budget. */
  charge?(chars: number): void;
}

type Run = (scope: ExpressionScope) => unknown;

export type CompiledExpression = { ok: true; run: Run } | { ok: false; error: string };

const cache = new Map<string, CompiledExpression>();

/**
 * Parses an expression once and turns its tree into nested closures: variable paths are worked
 * out when compiling rather than on every evaluation. Same results and the same errors, at the
 * same moments, as `evaluate` on the parsed tree.
 */
export function compileExpression(source: string): CompiledExpression {
  const hit = cache.get(source);
  if (hit) return hit;
  const parsed = parseExpression(source);
  let result: CompiledExpression;
  if (!parsed.ok) {
    result = parsed;
  } else {
    try {
      result = { ok: true, run: compileNode(parsed.ast) };
    } catch {
      // A tree too deep to compile is walked instead, as before.
      const { ast } = parsed;
      result = { ok: true, run: (scope) => evaluate(ast, (path) => scope.lookup(path)) };
    }
  }
  if (cache.size > 5000) cache.clear();
  cache.set(source, result);
  return result;
}

function fail(message: string): Run {
  return () => {
    throw new ExpressionError(message);
  };
}

function compileNode(node: Expression): Run {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      return () => value;
    }
    case 'Identifier':
    case 'MemberExpression': {
      const path = memberPath(node);
      if (path === null) return fail('computed member access is not supported');
      return (scope) => scope.lookup(path);
    }
    case 'ArrayExpression': {
      const elements = childrenOf(node).map(compileNode);
      return (scope) => elements.map((e) => e(scope));
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const argument = compileNode(u.argument);
      switch (u.operator) {
        case '!':
          return (scope) => !truthy(argument(scope));
        case '-':
          return (scope) => -toNumber(argument(scope));
        case '+':
          return (scope) => toNumber(argument(scope));
        default: {
          const unsupported = fail(`unsupported operator ${u.operator}`);
          return (scope) => {
            argument(scope);
            return unsupported(scope);
          };
        }
      }
    }
    case 'ConditionalExpression': {
      const [test, yes, no] = childrenOf(node).map(compileNode) as [Run, Run, Run];
      return (scope) => (truthy(test(scope)) ? yes(scope) : no(scope));
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = (call.callee as jsep.Identifier).name;
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn) return fail(`unknown function ${name}()`);
      const args = call.arguments.map(compileNode);
      return (scope) => {
        const result = fn(...args.map((a) => a(scope)));
        if (typeof result === 'string') scope.charge?.(result.length);
        return result;
      };
    }
    case 'BinaryExpression':
    case 'LogicalExpression': {
      const b = node as jsep.BinaryExpression;
      const left = compileNode(b.left);
      const right = compileNode(b.right);
      const op = b.operator;
      if (op === '&&') return (scope) => truthy(left(scope)) && truthy(right(scope));
      if (op === '||') {
        return (scope) => {
          const l = left(scope);
          return truthy(l) ? l : right(scope);
        };
      }
      const apply = binaryOperator(op);
      if (op === '+') {
        return (scope) => {
          const result = apply(left(scope), right(scope));
          if (typeof result === 'string') scope.charge?.(result.length);
          return result;
        };
      }
      return (scope) => apply(left(scope), right(scope));
    }
    default:
      return fail(`unsupported construct ${node.type}`);
  }
}
