import type { FlowNode, LocalizedPrompt, PromptVariant } from '@griot/flows';
import { getAt, setAt } from '../store/paths.ts';

/**
 * An editor has read a suggested translation: the review mark goes (a prompt's `needsReview` in
 * one locale, or in one of its variants there, or the locale in an intent's `needsReview`), and
 * the lint lets it be published.
 */
export const reviewMarks = {
  promptReviewed(node: FlowNode, field: string, locale: string, variant?: string): FlowNode {
    const path = variant ? `${field}.${locale}.variants.${variant}` : `${field}.${locale}`;
    const version = getAt(node, path) as LocalizedPrompt | PromptVariant | undefined;
    if (!version?.needsReview) return node;
    const { needsReview: _done, ...reviewed } = version;
    return setAt(node, path, reviewed);
  },

  intentReviewed(node: FlowNode, intentIndex: number, locale: string): FlowNode {
    const intent = node.type === 'intent' ? node.intents[intentIndex] : undefined;
    if (!intent?.needsReview.includes(locale)) return node;
    return setAt(
      node,
      `intents.${intentIndex}.needsReview`,
      intent.needsReview.filter((l) => l !== locale),
    );
  },
};
