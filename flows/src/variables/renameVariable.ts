import type { Flow } from '../schema/flow.ts';
import { VariableName } from '../schema/common.ts';
import { RESERVED_VARIABLE_NAMES } from '../schema/variable.ts';
import { renameTemplateVariable } from '../template/template.ts';
import { renameExpressionVariable } from '../expression/renameVariable.ts';
import { variableUses, type VariableUse } from './variableUses.ts';


export type RenameRefusal = 'unknown' | 'invalid' | 'reserved' | 'taken';

export type RenameResult =
  /** `uses`: how many places (one prompt's text in one language, one condition rule, one mapping…) now name `to`. */
  | { ok: true; flow: Flow; uses: number }
  | { ok: false; reason: RenameRefusal; message: string };

/**
 * Renames variable `from` to `to` everywhere the flow names it: its declaration (keeping its
 * type, sensitivity, memory and default), every prompt, label and variant in every language,
 * templates (URL, headers, body, queue, reason), expressions, conditions, assignments, look-up
 * mappings, slots, surveys, handoff context and the tests' expected variables. Pure: the flow
 * given is left as it was. Refuses an unknown `from`, and a `to` that is invalid, reserved or
 * already declared.
 */
export function renameVariable(flow: Flow, from: string, to: string): RenameResult {
  if (!flow.variables.some((v) => v.name === from)) return { ok: false, reason: 'unknown', message: `${from} is not a declared variable` };
  const valid = VariableName.safeParse(to);
  if (!valid.success) return { ok: false, reason: 'invalid', message: `${to}: ${valid.error.issues[0]?.message ?? 'not a variable name'}` };
  if ((RESERVED_VARIABLE_NAMES as readonly string[]).includes(to)) return { ok: false, reason: 'reserved', message: `${to} is a reserved name` };
  if (to === from) return { ok: true, flow, uses: 0 };
  if (flow.variables.some((v) => v.name === to)) return { ok: false, reason: 'taken', message: `${to} is already a variable of the flow` };

  const renamed = structuredClone(flow);
  renamed.variables = renamed.variables.map((v) => (v.name === from ? { ...v, name: to } : v));
  let uses = 0;
  for (const use of variableUses(flow)) {
    const text = rewrite(use, from, to);
    if (text === use.text) continue;
    uses++;
    if (use.kind === 'name' && use.path[0] === 'tests') renameKey(renamed, use.path, text);
    else setAt(renamed, use.path, text);
  }
  return { ok: true, flow: renamed, uses };
}

function rewrite(use: VariableUse, from: string, to: string): string {
  switch (use.kind) {
    case 'template':
      return renameTemplateVariable(use.text, from, to).text;
    case 'expression':
      return renameExpressionVariable(use.text, from, to).text;
    case 'name': {
      const [head, ...rest] = use.text.split('.');
      return head === from ? [to, ...rest].join('.') : use.text;
    }
  }
}

function setAt(root: unknown, path: Array<string | number>, value: string): void {
  let here = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) here = here[segment] as Record<string | number, unknown>;
  here[path[path.length - 1] as string | number] = value;
}

/** A test's expected variables: the key changes, its place among the others stays. */
function renameKey(root: unknown, path: Array<string | number>, to: string): void {
  let here = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -2)) here = here[segment] as Record<string | number, unknown>;
  const holder = path[path.length - 2] as string;
  const from = path[path.length - 1] as string;
  const record = here[holder] as Record<string, unknown>;
  here[holder] = Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}
