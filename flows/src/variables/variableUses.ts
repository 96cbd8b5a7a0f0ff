import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { nodeDefinitions } from '../nodes/registry.ts';
import type { NodeDefinition } from '../nodes/definition.ts';

type AnyDefinition = NodeDefinition<FlowNode['type']>;

/**
 * One place of a flow where a variable may be named, as the lint reads it: a `{{…}}` template (a
 * prompt in one language, one of its variants, a label, a URL, a header, a queue name), an
 * expression, or a field holding a name (`name`: a written variable, a condition rule's path, a
 * handoff's passed variable, a test's expected variable). `path` leads to the text from the
 * flow's root (`nodes.3.prompt.fr.text`; a header's name may hold dots, so it stays one segment).
 */
export interface VariableUse {
  kind: 'template' | 'expression' | 'name';
  path: Array<string | number>;
  text: string;
  /** The node it belongs to; absent for a test's expectation. */
  node?: string;
}

/**
 * Every place the flow language can name a variable, from the node definitions' own accessors
 * (`texts`, `templates`, `expressions`, `variableFields`): the walk the lint's
 * `variable.undefined` / `variable.undeclared` checks read, so a rename and the lint cannot
 * disagree on where names are.
 */
export function variableUses(flow: Flow): VariableUse[] {
  const uses: VariableUse[] = [];
  flow.nodes.forEach((node, n) => {
    const def = nodeDefinitions[node.type] as unknown as AnyDefinition;
    const at = (field: string) => ['nodes', n, ...fieldPath(node, field)];
    for (const text of def.texts?.(node) ?? []) {
      if (text.kind === 'label') {
        for (const [code, label] of Object.entries(text.label)) uses.push({ kind: 'template', path: [...at(text.field), code], text: label, node: node.id });
        continue;
      }
      for (const [code, version] of Object.entries(text.prompt)) {
        if (version.text !== undefined) uses.push({ kind: 'template', path: [...at(text.field), code, 'text'], text: version.text, node: node.id });
        for (const [key, variant] of Object.entries(version.variants ?? {})) {
          if (variant.text !== undefined) uses.push({ kind: 'template', path: [...at(text.field), code, 'variants', key, 'text'], text: variant.text, node: node.id });
        }
      }
    }
    for (const { field, template } of def.templates?.(node) ?? []) uses.push({ kind: 'template', path: at(field), text: template, node: node.id });
    for (const { field, source } of def.expressions?.(node) ?? []) uses.push({ kind: 'expression', path: at(field), text: source, node: node.id });
    for (const { field, name } of def.variableFields?.(node) ?? []) uses.push({ kind: 'name', path: at(field), text: name, node: node.id });
  });
  flow.tests.forEach((test, t) => {
    test.steps.forEach((step, s) => {
      for (const name of Object.keys(step.expect?.variables ?? {})) uses.push({ kind: 'name', path: ['tests', t, 'steps', s, 'expect', 'variables', name], text: name });
    });
  });
  return uses;
}

/**
 * A definition's field (`headers.X-Api.Key`, `branches.0.rules.1.variable`) as segments of the
 * node: at each level the longest run of segments that is one of the object's keys, so a header
 * named with dots stays whole.
 */
function fieldPath(node: FlowNode, field: string): Array<string | number> {
  const parts = field.split('.');
  const path: Array<string | number> = [];
  let here: unknown = node;
  let i = 0;
  while (i < parts.length) {
    let taken = 1;
    if (here && typeof here === 'object' && !Array.isArray(here)) {
      for (let j = parts.length; j > i + 1; j--) {
        if (Object.hasOwn(here, parts.slice(i, j).join('.'))) {
          taken = j - i;
          break;
        }
      }
    }
    const key = parts.slice(i, i + taken).join('.');
    const segment = Array.isArray(here) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    here = here && typeof here === 'object' ? (here as Record<string | number, unknown>)[segment] : undefined;
    i += taken;
  }
  return path;
}
