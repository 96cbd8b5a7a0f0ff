import { confirmedVersion, sourceStamp, variantSourceText, type FlowNode, type LocalizedPrompt, type LocalizedText, type Prompt, type PromptVariant, type TranslationSuggestions } from '@griot/flows';
import { getAt, setAt } from '../paths.ts';
import type { Apply } from '../documentStore.ts';
import { applySuggestions } from '../../languages/applySuggestions.ts';
import { reviewMarks } from '../../languages/reviewMarks.ts';

/** Suggested translations: put in the document marked for review (one undo step), then reviewed. */
export const translationActions = (apply: Apply) => {
  const editNode = (name: string, nodeId: string, change: (node: FlowNode) => FlowNode) =>
    apply(name, (doc) => {
      const index = doc.nodes.findIndex((n) => n.id === nodeId);
      const node = doc.nodes[index];
      if (!node) return doc;
      const next = change(node);
      if (next === node) return doc;
      const nodes = doc.nodes.slice();
      nodes[index] = next;
      return { ...doc, nodes };
    });
  return {
    /** Returns how many suggestions went in (the others were written meanwhile). */
    applyTranslationSuggestions(result: TranslationSuggestions): number {
      let applied = 0;
      apply('suggestTranslations', (doc) => {
        const merged = applySuggestions(doc, result);
        applied = merged.applied;
        return merged.doc;
      });
      return applied;
    },
    /** With `variant`, the suggested wording for that channel or way of answering. */
    markPromptReviewed(nodeId: string, field: string, locale: string, variant?: string) {
      editNode('markReviewed', nodeId, (node) => reviewMarks.promptReviewed(node, field, locale, variant));
    },
    /**
     * "Still correct": the translation and recording of `field` in `locale` are stamped as made
     * from the first language's text as it is now, so they are no longer flagged for review.
     * With `variant`, that channel's wording; for a menu option's label (`options.0.label`), the label.
     */
    confirmTranslation(nodeId: string, field: string, locale: string, variant?: string) {
      apply('confirmTranslation', (doc) => {
        const source = doc.locales[0]?.code;
        const index = doc.nodes.findIndex((n) => n.id === nodeId);
        const node = doc.nodes[index];
        if (!node || !source) return doc;
        const confirmedNode = variant ? confirmedVariant(node, field, locale, variant, source) : confirmedLabel(node, field, locale, source);
        if (confirmedNode) {
          if (confirmedNode === node) return doc;
          const nodes = doc.nodes.slice();
          nodes[index] = confirmedNode;
          return { ...doc, nodes };
        }
        const version = getAt(node, `${field}.${locale}`) as LocalizedPrompt | undefined;
        if (!version) return doc;
        const sourceText = (getAt(node, `${field}.${source}.text`) as string | undefined) ?? undefined;
        const confirmed = confirmedVersion(version, sourceText, locale === source);
        if (confirmed.sourceStamp === version.sourceStamp && confirmed.audioSourceStamp === version.audioSourceStamp) return doc;
        const nodes = doc.nodes.slice();
        nodes[index] = setAt(node, `${field}.${locale}`, confirmed);
        return { ...doc, nodes };
      });
    },
    markIntentReviewed(nodeId: string, intentIndex: number, locale: string) {
      editNode('markReviewed', nodeId, (node) => reviewMarks.intentReviewed(node, intentIndex, locale));
    },
  };
};

/** A channel's wording stamped as translated from the first language's wording now (its own, else its text). */
function confirmedVariant(node: FlowNode, field: string, locale: string, variant: string, source: string): FlowNode {
  const prompt = getAt(node, field) as Prompt | undefined;
  const made = prompt ? variantSourceText(prompt, source, variant) : undefined;
  const at = `${field}.${locale}.variants.${variant}`;
  const current = getAt(node, at) as PromptVariant | undefined;
  if (!current?.text?.trim() || !made?.trim() || current.sourceStamp === sourceStamp(made)) return node;
  return setAt(node, at, { ...current, sourceStamp: sourceStamp(made) });
}

/** A menu option's label stamped as translated from the first language's label now; null for a field that is no option label. */
function confirmedLabel(node: FlowNode, field: string, locale: string, source: string): FlowNode | null {
  const option = /^options\.(\d+)\.label$/.exec(field)?.[1];
  if (node.type !== 'menu' || option === undefined) return null;
  const made = (getAt(node, field) as LocalizedText | undefined)?.[source];
  const at = `options.${option}.labelSourceStamps`;
  const stamps = (getAt(node, at) as Record<string, string> | undefined) ?? {};
  if (!made?.trim() || stamps[locale] === sourceStamp(made)) return node;
  return setAt(node, at, { ...stamps, [locale]: sourceStamp(made) });
}
