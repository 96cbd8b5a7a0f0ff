import type { TFunction } from 'i18next';
import type { FlowNode } from '@griot/flows';

/** A flow-level or node field the editor names in the inspector (`fields.prompt` → "Message"). */
const NAMED_FIELDS = new Set(['id', 'label', 'notes', 'prompt', 'noInputPrompt', 'noMatchPrompt', 'invalidPrompt', 'waitPrompt', 'maxRetries', 'timeoutSeconds', 'bargeIn', 'continueMessage']);
const LOCALIZED = new Set(['prompt', 'noInputPrompt', 'noMatchPrompt', 'invalidPrompt', 'waitPrompt', 'label', 'synonyms']);
const PARTS = new Set(['text', 'audio', 'needsReview', 'variants', 'position', 'label', 'key', 'synonyms', 'output', 'target', 'source', 'name', 'steps', 'kind', 'path', 'variable', 'description']);

/** Rows known by an id the editor never sees (`withRowIds`): named by what they hold. */
type NamedRow = { id?: string | undefined; name?: string; variable?: string };
const rowsOf = (node: FlowNode | undefined, list: 'slots' | 'responseMapping'): NamedRow[] => {
  const rows = node && list in node ? ((node as Record<string, unknown>)[list] as unknown) : undefined;
  return Array.isArray(rows) ? (rows as NamedRow[]) : [];
};

/**
 * A dotted field path (`options.4.label.fon`, `prompt.fon.audio`, `options.balance.key`) as the
 * inspector names it: "Option 5 · Libellé · FON", "Message · FON · enregistrement". Options are
 * counted from 1 as in the inspector, whether the path gives their index or their id.
 */
export function readableField(field: string, node: FlowNode | undefined, t: TFunction, tests: readonly NamedRow[] = []): string {
  // The flow settings naming a node, as the flow panel says them (a merge clears one whose node went).
  const setting = /^settings\.(mainMenuNode|agentNode)$/.exec(field)?.[1];
  if (setting) return `${t('flowPanel.settings')} · ${t(`flowPanel.${setting}`)}`;
  const parts = field.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const previous = parts[i - 1];
    if (i === 0 && (part === 'options' || part === 'outputs') && parts[i + 1] !== undefined) {
      const ref = parts[i + 1] as string;
      i += 1;
      if (part === 'outputs') {
        out.push(`${t('fieldParts.output')} « ${outputName(ref, node, t)} »`);
        continue;
      }
      out.push(t('nodes.menu.option', { n: optionNumber(ref, node) }));
      continue;
    }
    // A test case, a slot, an answer mapping by its id (`tests.t-3f09a1c2.name`): by its name, its variable.
    const list = i === 0 && parts[i + 1] !== undefined ? ({ tests: 'testCase', slots: 'slot', responseMapping: 'mapping' } as const)[part as 'tests'] : undefined;
    if (list) {
      const ref = parts[i + 1] as string;
      i += 1;
      const rows = part === 'tests' ? tests : rowsOf(node, part as 'slots' | 'responseMapping');
      const row = /^\d+$/.test(ref) ? rows[Number(ref)] : rows.find((r) => r.id === ref);
      const name = row?.name || row?.variable;
      out.push(name ? t(`fieldParts.${list}`, { name }) : `${t(`fieldParts.${list}s`)} · ${ref}`);
      continue;
    }
    if (previous !== undefined && LOCALIZED.has(previous) && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(part)) out.push(part.toUpperCase());
    else if (i === 0 && NAMED_FIELDS.has(part)) out.push(t(`fields.${part}`));
    else if (PARTS.has(part)) out.push(t(`fieldParts.${part}`));
    else if (/^\d+$/.test(part)) out.push(`#${Number(part) + 1}`);
    else out.push(part);
  }
  return out.join(' · ');
}

function optionsOf(node: FlowNode | undefined): Array<{ id?: string; label?: Record<string, string | undefined> }> {
  const options = node && 'options' in node ? (node.options as unknown) : undefined;
  return Array.isArray(options) ? (options as Array<{ id?: string; label?: Record<string, string | undefined> }>) : [];
}

function optionNumber(ref: string, node: FlowNode | undefined): string {
  if (/^\d+$/.test(ref)) return String(Number(ref) + 1);
  const index = optionsOf(node).findIndex((o) => o.id === ref);
  return index >= 0 ? String(index + 1) : ref;
}

/** An output as the canvas names its handle: a menu option by its number, the others by their translated name. */
function outputName(ref: string, node: FlowNode | undefined, t: TFunction): string {
  const index = optionsOf(node).findIndex((o) => o.id === ref);
  if (index >= 0) return t('nodes.menu.option', { n: index + 1 });
  return t(`outputs.${ref}`, { defaultValue: ref });
}

/** A node as the canvas names it: its label, else its id. */
export function nodeName(node: Pick<FlowNode, 'id' | 'label'> | undefined, id: string): string {
  return node?.label || id;
}
