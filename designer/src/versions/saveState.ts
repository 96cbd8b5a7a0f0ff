import type { DocumentState } from '../store/documentStore.ts';
import type { SaveStatusState } from './saveStatusStore.ts';

/**
 * What the header says about the draft. `unsaved`: edits not yet sent (autosave is about to);
 * `offline`: the server could not be reached, the edits are kept on this device; `conflict`:
 * another editor saved first and nothing is sent until the editor chooses; `refused`: the
 * server refused this draft (its checks say why).
 */
export type SaveState = 'saved' | 'saving' | 'unsaved' | 'offline' | 'conflict' | 'refused' | 'failed';

export function saveStateOf(document: Pick<DocumentState, 'doc' | 'savedDoc'>, status: Pick<SaveStatusState, 'saving' | 'conflict' | 'refused' | 'error' | 'offline'>): SaveState {
  if (status.conflict) return 'conflict';
  if (status.saving) return 'saving';
  if (document.doc === document.savedDoc) return 'saved';
  if (status.offline) return 'offline';
  if (status.refused && status.refused.doc === document.doc) return 'refused';
  if (status.error) return 'failed';
  return 'unsaved';
}
