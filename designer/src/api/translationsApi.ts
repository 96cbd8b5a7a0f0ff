import { api } from './client.ts';

/** Where a text lives: a node's prompt, or an intent's label or examples. */
export type TextRef = { kind: 'prompt'; nodeId: string; field: string } | { kind: 'intentLabel' | 'intentExamples'; nodeId: string; field: string; intentId: string };

/** A translation the model suggests, to put in the draft marked for review. */
export type TranslationSuggestion =
  | { kind: 'prompt'; nodeId: string; field: string; source: string; text: string }
  | { kind: 'intentLabel'; nodeId: string; field: string; intentId: string; source: string; text: string }
  | { kind: 'intentExamples'; nodeId: string; field: string; intentId: string; source: string[]; examples: string[] };

/** `POST /api/flows/:id/suggest-translations` (docs/api.md). */
export interface TranslationSuggestions {
  flowId: string;
  revision: number;
  sourceLocale: string;
  targetLocale: string;
  suggestions: TranslationSuggestion[];
  /** Missing in the source locale too: nothing to translate from. */
  withoutSource: TextRef[];
  /** Answers of the model that could not be used (a placeholder lost…). */
  rejected: Array<TextRef & { reason: string }>;
}

export interface SuggestTranslationsRequest {
  targetLocale: string;
  sourceLocale?: string;
  nodeIds?: string[];
}

/** The model's translations of the saved draft's missing texts; the server saves nothing. */
export const translationsApi = {
  suggest: (flowId: string, request: SuggestTranslationsRequest) => api<TranslationSuggestions>(`/api/flows/${encodeURIComponent(flowId)}/suggest-translations`, { body: request }),
};
