import { createStore, useStore } from 'zustand';
import type { LintIssue } from '@griot/flows';
import type { ConflictBody } from '../api/types.ts';

/** Where the last save stands: shown in the header, and the conflict dialog when another editor saved first. */
export interface SaveStatusState {
  saving: boolean;
  conflict: ConflictBody['current'] | null;
  /** Schema problems the server refused the draft for. */
  refused: LintIssue[] | null;
  error: string | null;
  set(patch: Partial<Omit<SaveStatusState, 'set'>>): void;
}

export const saveStatusStore = createStore<SaveStatusState>()((set) => ({
  saving: false,
  conflict: null,
  refused: null,
  error: null,
  set: (patch) => set(patch),
}));

export function useSaveStatus<T>(selector: (state: SaveStatusState) => T): T {
  return useStore(saveStatusStore, selector);
}
