import jsep from 'jsep';

/**
 * The flow expression language: literals, variable paths (`caller.lastChannel`,
 * `transactions[0].amount`), comparison, arithmetic, `&&`, `||`, `!`, `in`, `a ? b : c`, and a
 * few named functions. Parsed by jsep into a tree that `evaluate` walks; nothing is ever run as
 * JavaScript.
 */
export type Expression = jsep.Expression;

jsep.addBinaryOp('in', 7);
// Bitwise and shift operators have no place in a flow and only make typos parse.
for (const op of ['|', '^', '&', '<<', '>>', '>>>']) jsep.removeBinaryOp(op);
jsep.removeUnaryOp('~');
jsep.removeLiteral('this');

export type ParseResult = { ok: true; ast: Expression } | { ok: false; error: string };

const cache = new Map<string, ParseResult>();

export function parseExpression(source: string): ParseResult {
  const hit = cache.get(source);
  if (hit) return hit;
  let result: ParseResult;
  try {
    const ast = jsep(source);
    const problem = findUnsupported(ast);
    result = problem ? { ok: false, error: problem } : { ok: true, ast };
  } catch (error) {
    result = { ok: false, error: (error as Error).message };
  }
  if (cache.size > 5000) cache.clear();
  cache.set(source, result);
  return result;
}

const SUPPORTED = new Set(['Literal', 'Identifier', 'MemberExpression', 'BinaryExpression', 'UnaryExpression', 'LogicalExpression', 'ConditionalExpression', 'ArrayExpression', 'CallExpression']);

function findUnsupported(node: Expression): string | null {
  if (!SUPPORTED.has(node.type)) return `unsupported construct: ${node.type}`;
  for (const child of childrenOf(node)) {
    const problem = findUnsupported(child);
    if (problem) return problem;
  }
  if (node.type === 'CallExpression') {
    const callee = (node as jsep.CallExpression).callee;
    if (callee.type !== 'Identifier') return 'only named functions can be called, e.g. len(code)';
  }
  return null;
}

export function childrenOf(node: Expression): Expression[] {
  switch (node.type) {
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      return m.computed ? [m.object, m.property] : [m.object];
    }
    case 'BinaryExpression':
    case 'LogicalExpression': {
      const b = node as jsep.BinaryExpression;
      return [b.left, b.right];
    }
    case 'UnaryExpression':
      return [(node as jsep.UnaryExpression).argument];
    case 'ConditionalExpression': {
      const c = node as jsep.Expression & { test: Expression; consequent: Expression; alternate: Expression };
      return [c.test, c.consequent, c.alternate];
    }
    case 'ArrayExpression':
      return ((node as jsep.ArrayExpression).elements ?? []).filter((e): e is Expression => e !== null);
    case 'CallExpression':
      return (node as jsep.CallExpression).arguments;
    default:
      return [];
  }
}

/** The variable paths an expression reads, as dotted strings (`caller.number`, `tx.0.amount`). */
export function referencedPaths(ast: Expression): string[] {
  const out: string[] = [];
  const visit = (node: Expression): void => {
    const path = memberPath(node);
    if (path) {
      out.push(path);
      return;
    }
    if (node.type === 'CallExpression') {
      (node as jsep.CallExpression).arguments.forEach(visit);
      return;
    }
    childrenOf(node).forEach(visit);
  };
  visit(ast);
  return out;
}

/** `a.b[0].c` → `a.b.0.c`; null when the node is not a plain path. */
export function memberPath(node: Expression): string | null {
  if (node.type === 'Identifier') return (node as jsep.Identifier).name;
  if (node.type !== 'MemberExpression') return null;
  const m = node as jsep.MemberExpression;
  const base = memberPath(m.object);
  if (base === null) return null;
  if (!m.computed && m.property.type === 'Identifier') return `${base}.${(m.property as jsep.Identifier).name}`;
  if (m.computed && m.property.type === 'Literal') return `${base}.${String((m.property as jsep.Literal).value)}`;
  return null;
}
