import type { Flow } from '../schema/flow.ts';
import { VariableName } from '../schema/common.ts';
import { RESERVED_VARIABLE_NAMES } from '../schema/variable.ts';
import { renameTemplateVariable } from '../template/template.ts';
import { renameExpressionVariable } from '../expression/renameVariable.ts';
import { variableUses, type VariableUse } from './variableUses.ts';
import { restampRenamed } from '../translations/restampRenamed.ts';

export type RenameRefusal = 'unknown' | 'invalid' | 'reserved' | 'taken';

export type RenameResult =
  /** `uses`: how many places (one prompt's text in one language, one condition rule, one mapping…) now name `to`. */
  { ok: true; flow: Flow; uses: number } | { ok: false; reason: RenameRefusal; message: string };

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

  // Copies only what changes: the nodes and tests that name no variable stay the same objects (a
  // merge and an undo skip what two documents share).
  // The old name is kept as a former one: what callers' profiles remember under it still reaches them.
  // Renamed back to a name it had, that name stays in the list, after the names it had since: a
  // value remembered under one of those is newer than one under its name (`underCurrentNames`).
  const formerNames = (v: Flow['variables'][number]) => [...new Set([from, ...(v.formerNames ?? [])])].slice(0, 10);
  let renamed: Flow = { ...flow, variables: flow.variables.map((v) => (v.name === from ? { ...v, name: to, formerNames: formerNames(v) } : v)) };
  let uses = 0;
  for (const use of variableUses(flow)) {
    const text = rewrite(use, from, to);
    if (text === use.text) continue;
    uses++;
    renamed = use.kind === 'name' && use.path[0] === 'tests' ? (renameKeyIn(renamed, use.path, text) as Flow) : (setIn(renamed, use.path, text) as Flow);
  }
  // Translations and recordings up to date with the first language's text stay so: a rename changes no wording.
  const source = flow.locales[0]?.code;
  if (source && uses > 0) renamed = { ...renamed, nodes: renamed.nodes.map((node, i) => (node === flow.nodes[i] || !flow.nodes[i] ? node : restampRenamed(flow.nodes[i], node, source))) };
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

/** `root` with `value` at `path`, each object and list on the way copied, nothing else. */
function setIn(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? setIn(item, rest, value) : item));
  const record = root as Record<string | number, unknown>;
  return { ...record, [head]: setIn(record[head], rest, value) };
}

/** A test's expected variables: the key changes, its place among the others stays. */
function renameKeyIn(root: unknown, path: ReadonlyArray<string | number>, to: string): unknown {
  const holder = path.slice(0, -1);
  const from = path[path.length - 1] as string;
  let record: unknown = root;
  for (const segment of holder) record = (record as Record<string | number, unknown>)[segment];
  const entries = Object.entries(record as Record<string, unknown>).map(([k, v]) => [k === from ? to : k, v] as const);
  return setIn(root, holder, Object.fromEntries(entries));
}
