import { createStore, useStore } from 'zustand';
import type { Flow, LintIssue } from '@griot/flows';
import type { ConflictBody } from '../api/types.ts';

/** Where the last save stands: shown in the header, and the conflict dialog when another editor saved first. */
export interface SaveStatusState {
  saving: boolean;
  conflict: ConflictBody['current'] | null;
  /** The editor closed the conflict dialog without choosing: the header still says so, and saving waits. */
  conflictHidden: boolean;
  /** Schema problems the server refused the draft for, and the document refused (not sent again as is). */
  refused: { issues: LintIssue[]; doc: Flow } | null;
  error: string | null;
  /** The last save did not reach the server (no network, or the server is down). */
  offline: boolean;
  set(patch: Partial<Omit<SaveStatusState, 'set'>>): void;
  reset(): void;
}

const initial = { saving: false, conflict: null, conflictHidden: false, refused: null, error: null, offline: false };

export const saveStatusStore = createStore<SaveStatusState>()((set) => ({
  ...initial,
  set: (patch) => set(patch),
  reset: () => set(initial),
}));

export function useSaveStatus<T>(selector: (state: SaveStatusState) => T): T {
  return useStore(saveStatusStore, selector);
}
