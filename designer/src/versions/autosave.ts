import { documentStore, type DocumentStore } from '../store/documentStore.ts';
import { saveDraft, type SaveOutcome } from './draftSaver.ts';
import { saveStatusStore } from './saveStatusStore.ts';

export interface AutosaveOptions {
  store?: DocumentStore;
  /** Quiet time after the last edit before saving. */
  delayMs?: number;
  /** Waits before trying again after a failed save, growing up to the last one. */
  retryMs?: readonly number[];
  save?: (store: DocumentStore) => Promise<SaveOutcome>;
}

/**
 * Saves the draft a moment after the editor stops editing, through the same revision check as
 * the Save button: a conflict stops autosave until the editor chooses in the conflict dialog
 * (nothing is overwritten), a draft the server refuses is not sent again until it changes, and
 * a save that cannot reach the server is tried again (at once when the browser is back online).
 * Returns the function that stops it.
 */
export function startAutosave(options: AutosaveOptions = {}): () => void {
  const store = options.store ?? documentStore;
  const delayMs = options.delayMs ?? 1200;
  const retryMs = options.retryMs ?? [3000, 10_000, 30_000];
  const save = options.save ?? ((s: DocumentStore) => saveDraft(s));
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
  };

  const blocked = (): boolean => {
    const { doc, savedDoc } = store.getState();
    const status = saveStatusStore.getState();
    if (!doc || doc === savedDoc) return true;
    if (status.conflict) return true;
    return status.refused !== null && status.refused.doc === doc;
  };

  const run = async () => {
    timer = null;
    if (stopped || blocked()) return;
    const outcome = await save(store);
    if (stopped) return;
    if (outcome.status === 'failed') {
      schedule(retryMs[Math.min(failures, retryMs.length - 1)] ?? 30_000);
      failures += 1;
      return;
    }
    failures = 0;
    // Edits made while this save was on its way are saved in turn.
    if (outcome.status === 'saved' && !blocked()) schedule(delayMs);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc === previous.doc || state.doc === state.savedDoc) return;
    failures = 0;
    schedule(delayMs);
  });
  // A conflict settled by taking my version or theirs, or a save retried by hand: look again.
  const unsubscribeStatus = saveStatusStore.subscribe((state, previous) => {
    if (previous.conflict && !state.conflict && !blocked()) schedule(delayMs);
  });
  const online = () => {
    if (!blocked()) schedule(0);
  };
  if (typeof window !== 'undefined') window.addEventListener('online', online);

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    unsubscribe();
    unsubscribeStatus();
    if (typeof window !== 'undefined') window.removeEventListener('online', online);
  };
}
