import type { FlowNode } from '../schema/node.ts';
import type { Prompt } from '../schema/common.ts';
import { definitionOf } from '../nodes/registry.ts';
import { variantSourceText } from './staleTranslations.ts';
import { sourceStamp } from './sourceStamp.ts';

/**
 * `after`, a node whose texts a variable's rename rewrote from `before`, with the stamps that
 * said a translation or a recording was made from the first language's earlier text moved to
 * its renamed text: a rename changes no wording, so what was up to date stays so (and what was
 * already stale stays stale). Unstamped ones are left to the save (`stampSavedSourceEdits`), which
 * knows a rename for what it is.
 */
export function restampRenamed(before: FlowNode, after: FlowNode, source: string): FlowNode {
  const earlier = new Map((definitionOf(before).texts?.(before) ?? []).flatMap((t) => (t.kind === 'prompt' ? [[t.field, t.prompt] as const] : [])));
  const move = (stamp: string | undefined, was: string | undefined, now: string | undefined) =>
    stamp !== undefined && was?.trim() && now?.trim() && was !== now && stamp === sourceStamp(was) ? sourceStamp(now) : stamp;
  let next = after;
  for (const text of definitionOf(after).texts?.(after) ?? []) {
    if (text.kind !== 'prompt' || text.field.includes('.')) continue;
    const old = earlier.get(text.field);
    if (!old) continue;
    const was = old[source]?.text;
    const now = text.prompt[source]?.text;
    const prompt: Prompt = {};
    for (const [code, version] of Object.entries(text.prompt)) {
      const moved = { ...version };
      if (code !== source && version.sourceStamp) moved.sourceStamp = move(version.sourceStamp, was, now);
      if (version.audioSourceStamp) moved.audioSourceStamp = move(version.audioSourceStamp, was, now);
      if (code !== source && version.variants) {
        moved.variants = Object.fromEntries(
          Object.entries(version.variants).map(([key, variant]) => [
            key,
            variant.sourceStamp ? { ...variant, sourceStamp: move(variant.sourceStamp, variantSourceText(old, source, key), variantSourceText(text.prompt, source, key)) } : variant,
          ]),
        );
      }
      prompt[code] = moved;
    }
    next = { ...next, [text.field]: prompt } as FlowNode;
  }
  if (next.type === 'menu' && before.type === 'menu') {
    const options = next.options.map((option) => {
      const old = before.options.find((o) => o.id === option.id);
      if (!option.labelSourceStamps || !old) return option;
      const stamps = Object.fromEntries(Object.entries(option.labelSourceStamps).map(([code, stamp]) => [code, move(stamp, old.label[source], option.label[source]) as string]));
      return { ...option, labelSourceStamps: stamps };
    });
    next = { ...next, options };
  }
  return next;
}
