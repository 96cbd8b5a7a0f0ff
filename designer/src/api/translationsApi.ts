import type { TranslationSuggestions } from '@griot/flows';
import { api } from './client.ts';

export interface SuggestTranslationsRequest {
  targetLocale: string;
  sourceLocale?: string;
  nodeIds?: string[];
}

/** The model's translations of the saved draft's missing texts; the server saves nothing. */
export const translationsApi = {
  suggest: (flowId: string, request: SuggestTranslationsRequest) => api<TranslationSuggestions>(`/api/flows/${encodeURIComponent(flowId)}/suggest-translations`, { body: request }),
};
