import { definitionOf, type Flow, type FlowNode } from '@griot/flows';

/** Where a text lives in the flow: a prompt of a node, or an intent's label or examples. */
export type TextRef =
  | { kind: 'prompt'; nodeId: string; field: string }
  | { kind: 'intentLabel'; nodeId: string; field: string; intentId: string }
  | { kind: 'intentExamples'; nodeId: string; field: string; intentId: string };

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

/**
 * What a suggestion could fill in the target locale, as the lint sees it: prompts with neither
 * text nor recording (a language menu only in the languages it offers), intents without a label
 * or without examples. Menu option labels are left out: they have no review mark.
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
      if (target && (target.text?.trim() || target.audio)) continue;
      const source = text.prompt[sourceLocale]?.text?.trim();
      found({ kind: 'prompt', nodeId: node.id, field: text.field }, source ? [source] : [], `${nodeName(node)}, ${text.field}`);
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
