import type { FlowNode, TranslationSuggestions } from '@griot/flows';
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
    markIntentReviewed(nodeId: string, intentIndex: number, locale: string) {
      editNode('markReviewed', nodeId, (node) => reviewMarks.intentReviewed(node, intentIndex, locale));
    },
  };
};
