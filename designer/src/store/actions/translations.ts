import { confirmedVersion, type FlowNode, type LocalizedPrompt, type TranslationSuggestions } from '@griot/flows';
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
     */
    confirmTranslation(nodeId: string, field: string, locale: string) {
      apply('confirmTranslation', (doc) => {
        const source = doc.locales[0]?.code;
        const index = doc.nodes.findIndex((n) => n.id === nodeId);
        const node = doc.nodes[index];
        const version = node ? (getAt(node, `${field}.${locale}`) as LocalizedPrompt | undefined) : undefined;
        if (!node || !source || !version) return doc;
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
