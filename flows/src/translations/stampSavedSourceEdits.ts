import type { Flow } from '../schema/flow.ts';
import type { Prompt } from '../schema/common.ts';
import { definitionOf } from '../nodes/registry.ts';
import { sourceStamp } from './sourceStamp.ts';

const tidy = (text: string | undefined) => (text ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');

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
      const stamped = old ? stampUnchanged(text.prompt, old, source) : text.prompt;
      if (stamped === text.prompt) continue;
      next = { ...next, [text.field]: stamped } as typeof node;
    }
    if (next !== node) changed = true;
    return next;
  });
  return changed ? { ...after, nodes } : after;
}

function stampUnchanged(prompt: Prompt, old: Prompt, source: string): Prompt {
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
