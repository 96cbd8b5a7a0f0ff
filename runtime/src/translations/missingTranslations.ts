import { channelCapabilities, definitionOf, variantsToTranslate, type Channel, type Flow, type FlowNode, type TextRef, type WordingFamily } from '@griot/flows';

export type { TextRef };

export interface MissingText {
  ref: TextRef;
  /** In the source locale: one text, or the example phrases. */
  source: string[];
  /** Where it is shown and what it is about, for the model. */
  context: string;
}

export interface MissingTexts {
  /** Texts the target locale lacks and the source locale has. */
  missing: MissingText[];
  /** Texts the target locale lacks and the source locale lacks too: nothing to translate from. */
  withoutSource: TextRef[];
}

const nodeName = (node: FlowNode) => `${node.type} node "${node.label || node.id}"`;

/** What a variant is, for the model: its wording should keep to the way the subscriber answers there. */
const FAMILIES: Record<WordingFamily, string> = {
  keypad: 'answered with the phone keys (a call, USSD)',
  numbered: 'a menu shown as numbered text, answered by writing the number',
  buttons: 'a menu shown as buttons, answered by a tap (no number to say)',
};
function wordingFor(variant: string): string {
  const channel = Object.hasOwn(channelCapabilities, variant) ? channelCapabilities[variant as Channel] : undefined;
  return `its wording ${channel ? `on ${channel.label}` : `where it is ${FAMILIES[variant as WordingFamily] ?? variant}`}`;
}

/**
 * What a suggestion could fill in the target locale, as the lint sees it: prompts with neither
 * text nor recording (a language menu only in the languages it offers), each wording of a prompt
 * for a channel or way of answering that the source has and the target lacks (`variant`), intents
 * without a label or without examples. Menu option labels are left out: they have no review mark.
 */
export function missingTranslations(doc: Flow, sourceLocale: string, targetLocale: string, nodeIds?: ReadonlySet<string>): MissingTexts {
  const missing: MissingText[] = [];
  const withoutSource: TextRef[] = [];
  const found = (ref: TextRef, source: string[], context: string) => {
    if (source.length === 0) withoutSource.push(ref);
    else missing.push({ ref, source, context });
  };
  for (const node of doc.nodes) {
    if (nodeIds && !nodeIds.has(node.id)) continue;
    if (node.type === 'language' && !node.options.some((o) => o.locale === targetLocale)) continue;
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt') continue;
      const target = text.prompt[targetLocale];
      if (!target || !(target.text?.trim() || target.audio)) {
        const source = text.prompt[sourceLocale]?.text?.trim();
        found({ kind: 'prompt', nodeId: node.id, field: text.field }, source ? [source] : [], `${nodeName(node)}, ${text.field}`);
      }
      // Each wording for a channel or a way of answering the source has: the target says its own text there otherwise.
      for (const variant of variantsToTranslate(text.prompt, sourceLocale, targetLocale)) {
        const source = text.prompt[sourceLocale]?.variants?.[variant]?.text?.trim();
        found({ kind: 'prompt', nodeId: node.id, field: text.field, variant }, source ? [source] : [], `${nodeName(node)}, ${text.field}, ${wordingFor(variant)}`);
      }
    }
    if (node.type !== 'intent') continue;
    node.intents.forEach((intent, i) => {
      const about = `intent "${intent.id}" of ${nodeName(node)}${intent.description ? `: ${intent.description}` : ''}`;
      if (!intent.label[targetLocale]?.trim()) {
        const source = intent.label[sourceLocale]?.trim();
        found({ kind: 'intentLabel', nodeId: node.id, field: `intents.${i}.label`, intentId: intent.id }, source ? [source] : [], `label of the ${about}`);
      }
      if ((intent.examples[targetLocale] ?? []).length === 0) {
        const source = (intent.examples[sourceLocale] ?? []).map((e) => e.trim()).filter(Boolean);
        found({ kind: 'intentExamples', nodeId: node.id, field: `intents.${i}.examples`, intentId: intent.id }, source, `examples of the ${about}`);
      }
    });
  }
  return { missing, withoutSource };
}
