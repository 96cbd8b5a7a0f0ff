import { writtenBy, type NodeDefinition } from '../definition.ts';
import type { JsonValue } from '../../interpreter/types.ts';
import type { VariableType } from '../../schema/variable.ts';
import { lintSelfDoubling } from './lintSelfDoubling.ts';
import { templatePaths } from '../../template/template.ts';
import { carriedPaths, parseExpression, referencedPaths } from '../../expression/index.ts';
import type { SetNode } from './schema.ts';

/** Gives a value the declared type of its variable: "5" into a number variable is 5. */
export function coerce(value: unknown, type: VariableType | undefined): JsonValue {
  if (value === undefined) return null;
  switch (type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return value === true || value === 'true' || value === 1 || value === '1';
    case 'string':
    case 'digits':
    case 'phone':
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    default:
      return value as JsonValue;
  }
}

type Assignment = SetNode['assignments'][number];
const fromItselfCache = new WeakMap<Assignment, boolean>();

/**
 * Whether an assignment reads the variable it sets (`segment || "standard"`, `{{seuil}}`): it
 * normalises what the contact held rather than sets a new value (`StepContext.setVar`).
 */
function readsItself(a: Assignment): boolean {
  let reads = fromItselfCache.get(a);
  if (reads === undefined) {
    const parsed = a.expression !== undefined ? parseExpression(a.expression) : undefined;
    const paths = a.expression === undefined ? templatePaths(a.value ?? '') : parsed?.ok ? referencedPaths(parsed.ast) : [];
    reads = paths.some((path) => path === a.variable || path.startsWith(`${a.variable}.`));
    fromItselfCache.set(a, reads);
  }
  return reads;
}

export const setNode: NodeDefinition<'set'> = {
  outputs: () => ['next'],
  enter(node, ctx) {
    for (const a of node.assignments) {
      // A row the editor has not finished (only in a draft: lint blocks publishing it).
      if (a.variable === '') continue;
      const raw = a.expression !== undefined ? ctx.evaluate(a.expression, node.id) : ctx.render(a.value ?? '', node.id, { escape: 'none', spellDigits: false }).text;
      ctx.setVar(a.variable, coerce(raw, ctx.compiled.variables.get(a.variable)?.type), { fromItself: readsItself(a) });
    }
    return { output: 'next' };
  },
  templates: (node) => node.assignments.flatMap((a, i) => (a.value !== undefined ? [{ field: `assignments.${i}.value`, template: a.value }] : [])),
  expressions: (node) => node.assignments.flatMap((a, i) => (a.expression !== undefined ? [{ field: `assignments.${i}.expression`, source: a.expression }] : [])),
  variableFields: (node) => node.assignments.map((a, i) => ({ field: `assignments.${i}.variable`, name: a.variable, writes: true })),
  writes: (node) => writtenBy(setNode.variableFields?.(node) ?? []),
  lint: lintSelfDoubling,
  copies: (node) =>
    node.assignments.map((a, i) => {
      // `coerce` gives each value its variable's type.
      if (a.value !== undefined) return { variable: a.variable, field: `assignments.${i}.value`, from: templatePaths(a.value), typed: true as const };
      const parsed = parseExpression(a.expression ?? '');
      return { variable: a.variable, field: `assignments.${i}.expression`, from: parsed.ok ? carriedPaths(parsed.ast) : [], typed: true as const };
    }),
  waitsForCaller: false,
};
