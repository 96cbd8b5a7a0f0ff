import { ApiError } from '../api/client.ts';
import { translationsApi } from '../api/translationsApi.ts';
import { documentStore, type DocumentStore } from '../store/documentStore.ts';
import { saveDraft, type SaveOutcome } from '../versions/draftSaver.ts';

export type SuggestOutcome =
  | {
      status: 'applied';
      targetLocale: string;
      /** Now in the draft, marked for review. */
      applied: number;
      /** Written meanwhile in the editor: left as they are. */
      skipped: number;
      /** Answers of the model that could not be used. */
      rejected: number;
      /** Missing in the source language too. */
      withoutSource: number;
    }
  /** The draft on screen could not be saved, so the server would translate an older one. */
  | { status: 'notSaved'; save: SaveOutcome }
  /** `code` is the server's (`llm_not_configured`, `llm_timeout`…) when it answered. */
  | { status: 'failed'; code: string | undefined; message: string };

export interface SuggestDeps {
  store: DocumentStore;
  save: (store: DocumentStore) => Promise<SaveOutcome>;
  suggest: typeof translationsApi.suggest;
}

const defaults: SuggestDeps = { store: documentStore, save: (store) => saveDraft(store), suggest: translationsApi.suggest };

/**
 * "Suggest translations": saves what is on screen (the server reads the saved draft), asks the
 * server for the model's translations into `targetLocale` from the flow's default language, and
 * puts them in the draft marked for review, as one undoable step. Never throws: the outcome says
 * what happened, for the editor to see.
 */
export async function requestSuggestions(targetLocale: string, nodeIds?: string[], deps: SuggestDeps = defaults): Promise<SuggestOutcome> {
  const flowId = deps.store.getState().flowId;
  if (!flowId) return { status: 'failed', code: undefined, message: 'no flow is open' };
  const save = await deps.save(deps.store);
  if (save.status !== 'saved' && save.status !== 'unchanged') return { status: 'notSaved', save };
  try {
    const result = await deps.suggest(flowId, { targetLocale, ...(nodeIds ? { nodeIds } : {}) });
    const applied = deps.store.getState().actions.applyTranslationSuggestions(result);
    return {
      status: 'applied',
      targetLocale,
      applied,
      skipped: result.suggestions.length - applied,
      rejected: result.rejected.length,
      withoutSource: result.withoutSource.length,
    };
  } catch (error) {
    if (error instanceof ApiError) return { status: 'failed', code: error.body.error?.code, message: error.message };
    return { status: 'failed', code: undefined, message: (error as Error)?.message ?? String(error) };
  }
}
