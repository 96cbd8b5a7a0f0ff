import type { Flow } from '../schema/flow.ts';
import type { Prompt, PromptVariant } from '../schema/common.ts';
import { variantSourceText } from './staleTranslations.ts';
import { definitionOf } from '../nodes/registry.ts';
import { sourceStamp } from './sourceStamp.ts';
import { renamedVariables } from '../variables/renamedVariables.ts';
import { renameTemplateVariable } from '../template/template.ts';

const tidyText = (text: string | undefined) => (text ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * A document saved over `before` from outside the designer (the API, an import), with what the
 * designer does as an editor types: where a prompt's first-language text changed, each
 * translation and recording left as it was and not stamped yet (written through the API, or
 * older than stamps) is stamped with the earlier text, so the change sends it to review
 * ("à revoir") instead of passing unnoticed. One the same save rewrote is left unstamped: it
 * was made from the new text. Stamped ones already compare with the current text.
 */
export function stampSavedSourceEdits(before: Flow | undefined, after: Flow): Flow {
  const source = after.locales[0]?.code;
  if (!before || !source || before.locales[0]?.code !== source) return after;
  // A variable renamed (or its rename undone) changes no wording: the earlier text, renamed alike, is the text now.
  const renames = renamedVariables(before, after);
  const tidy = (text: string | undefined) => tidyText(renames.reduce((t, [from, to]) => renameTemplateVariable(t, from, to).text, text ?? ''));
  const earlierNodes = new Map(before.nodes.map((n) => [n.id, n]));
  let changed = false;
  const nodes = after.nodes.map((node) => {
    const earlier = earlierNodes.get(node.id);
    if (!earlier || earlier.type !== node.type) return node;
    const earlierTexts = new Map((definitionOf(earlier).texts?.(earlier) ?? []).flatMap((t) => (t.kind === 'prompt' ? [[t.field, t.prompt] as const] : [])));
    let next = node;
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt' || text.field.includes('.')) continue;
      const old = earlierTexts.get(text.field);
      const stamped = old ? stampUnchangedVariants(stampUnchanged(text.prompt, old, source, tidy), old, source, tidy) : text.prompt;
      if (stamped === text.prompt) continue;
      next = { ...next, [text.field]: stamped } as typeof node;
    }
    // A menu's option labels, matched by option id.
    if (next.type === 'menu' && earlier.type === 'menu') {
      const before = next.options;
      const options = before.map((option) =>
        stampUnchangedLabel(
          option,
          earlier.options.find((o) => o.id === option.id),
          source,
          tidy,
        ),
      );
      if (options.some((o, i) => o !== before[i])) next = { ...next, options };
    }
    if (next !== node) changed = true;
    return next;
  });
  return changed ? { ...after, nodes } : after;
}

/** `tidy`: the text as compared, the earlier one with the save's renames made. */
type Tidy = (text: string | undefined) => string;

function stampUnchanged(prompt: Prompt, old: Prompt, source: string, tidy: Tidy): Prompt {
  const was = old[source]?.text;
  if (!was?.trim() || tidy(was) === tidy(prompt[source]?.text)) return prompt;
  const stamp = sourceStamp(was);
  let changed = false;
  const next: Prompt = {};
  for (const [code, version] of Object.entries(prompt)) {
    const before = old[code];
    const stamped = { ...version };
    if (code !== source && version.text?.trim() && !version.sourceStamp && before?.text === version.text) stamped.sourceStamp = stamp;
    if (version.audio && !version.audioSourceStamp && before?.audio === version.audio) stamped.audioSourceStamp = stamp;
    changed ||= stamped.sourceStamp !== version.sourceStamp || stamped.audioSourceStamp !== version.audioSourceStamp;
    next[code] = stamped;
  }
  return changed ? next : prompt;
}

/** The same for the channel wordings: one left as it was, not stamped, whose first-language wording changed, is stamped with the earlier wording. */
function stampUnchangedVariants(prompt: Prompt, old: Prompt, source: string, tidy: Tidy): Prompt {
  let changed = false;
  const next: Prompt = {};
  for (const [code, version] of Object.entries(prompt)) {
    if (code === source || !version.variants) {
      next[code] = version;
      continue;
    }
    const variants: Record<string, PromptVariant> = {};
    for (const [key, variant] of Object.entries(version.variants)) {
      const was = variantSourceText(old, source, key);
      const unchanged = old[code]?.variants?.[key]?.text === variant.text;
      const sourceMoved = !!was?.trim() && tidy(was) !== tidy(variantSourceText(prompt, source, key));
      variants[key] = variant.text?.trim() && !variant.sourceStamp && unchanged && sourceMoved ? { ...variant, sourceStamp: sourceStamp(was as string) } : variant;
      changed ||= variants[key] !== variant;
    }
    next[code] = { ...version, variants };
  }
  return changed ? next : prompt;
}

type MenuOptionOf<N> = N extends { type: 'menu'; options: Array<infer O> } ? O : never;
type Option = MenuOptionOf<Flow['nodes'][number]>;

/** A menu option's labels: one left as it was, not stamped, whose first-language label changed, is stamped with the earlier label. */
function stampUnchangedLabel(option: Option, old: Option | undefined, source: string, tidy: Tidy): Option {
  const was = old?.label[source];
  if (!old || !was?.trim() || tidy(was) === tidy(option.label[source])) return option;
  const stamps = { ...option.labelSourceStamps };
  for (const [code, text] of Object.entries(option.label)) {
    if (code !== source && text.trim() && !stamps[code] && old.label[code] === text) stamps[code] = sourceStamp(was);
  }
  return Object.keys(stamps).length === Object.keys(option.labelSourceStamps ?? {}).length ? option : { ...option, labelSourceStamps: stamps };
}
