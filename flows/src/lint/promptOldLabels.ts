import type { Flow } from '../schema/flow.ts';
import { definitionOf } from '../nodes/registry.ts';
import type { LintIssue } from './types.ts';

const tidy = (text: string | undefined) => (text ?? '').normalize('NFC').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

/** Whether `words` stand whole in `text` (not inside a longer word), letter case and spacing aside. */
function says(text: string, words: string): boolean {
  if (!words) return false;
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(tidy(text));
}

/** Labels shorter than this (« Oui », « 1 ») are too likely to be said for another reason. */
const SHORTEST_LABEL = 4;

/**
 * A menu option's label changed since `previous` (the flow's latest version), but a prompt of
 * its menu, in that language, still says the old label (« 2 pour votre solde crédit et
 * internet » once the option reads « Forfaits »): the caller hears the old words. One warning
 * per prompt, language and option, naming the prompt's field and the old and new labels. A
 * prompt that says the new label too is taken as updated.
 */
export function promptsWithOldLabels(previous: Pick<Flow, 'nodes'>, flow: Flow): LintIssue[] {
  const issues: LintIssue[] = [];
  const earlier = new Map(previous.nodes.map((n) => [n.id, n]));
  for (const node of flow.nodes) {
    const was = earlier.get(node.id);
    if (node.type !== 'menu' || was?.type !== 'menu') continue;
    const prompts = (definitionOf(node).texts?.(node) ?? []).flatMap((t) => (t.kind === 'prompt' ? [t] : []));
    for (const option of node.options) {
      const before = was.options.find((o) => o.id === option.id);
      if (!before) continue;
      for (const [locale, oldLabel] of Object.entries(before.label)) {
        const old = tidy(oldLabel);
        const label = tidy(option.label[locale]);
        if (old.length < SHORTEST_LABEL || !label || old === label || label.includes(old)) continue;
        for (const { field, prompt } of prompts) {
          const version = prompt[locale];
          if (!version) continue;
          const wordings: Array<[string, string | undefined]> = [
            [`${field}.${locale}`, version.text],
            ...Object.entries(version.variants ?? {}).map(([key, v]): [string, string | undefined] => [`${field}.${locale}.variants.${key}`, v.text]),
          ];
          for (const [at, text] of wordings) {
            if (!text || !says(text, old) || says(text, label)) continue;
            issues.push({
              severity: 'warning',
              code: 'menu.promptOldLabel',
              message: `the ${locale} ${field} of ${node.id} still says "${oldLabel.trim()}", the earlier label of option ${option.key} (now "${option.label[locale]?.trim()}"): update its words`,
              node: node.id,
              field: at,
              params: { locale: locale.toUpperCase(), prompt: field, option: option.key, old: oldLabel.trim(), label: option.label[locale]?.trim() ?? '' },
            });
          }
        }
      }
    }
  }
  return issues;
}
