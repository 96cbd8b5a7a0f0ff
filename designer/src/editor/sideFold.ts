import { createStore, useStore } from 'zustand';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';

const STORAGE_KEY = 'griot.sidePanelFolded';

interface SideFoldState {
  /** The editor folded the side panel to its rail (remembered in this browser). */
  folded: boolean;
  /** `remember: false`: folded for a moment (the Traductions view), not for the next visit. */
  setFolded(folded: boolean, options?: { remember?: boolean }): void;
}

const stored = () => {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
};

export const sideFoldStore = createStore<SideFoldState>()((set) => ({
  folded: stored(),
  setFolded: (folded, { remember = true } = {}) => {
    try {
      if (remember) localStorage.setItem(STORAGE_KEY, folded ? '1' : '0');
    } catch {
      // Private browsing without storage: folded for this visit only.
    }
    set({ folded });
  },
}));

// Going to a node on purpose (an issue to reveal, a node just added, a search result) opens the
// panel again; a plain click on the canvas does not (the rail buttons reopen it too).
canvasStore.subscribe((state, previous) => {
  if (sideFoldStore.getState().folded && state.focus !== previous.focus) sideFoldStore.getState().setFolded(false);
});

// The Traductions view is a wide table (a column per language): the side panel folds to its rail
// on the way in (a rail button opens it again), and unfolds on the way out if it was folded here.
let foldedForTranslations = false;
canvasStore.subscribe((state, previous) => {
  if (state.view === previous.view) return;
  const fold = sideFoldStore.getState();
  if (state.view === 'translations' && !fold.folded) {
    foldedForTranslations = true;
    fold.setFolded(true, { remember: false });
  } else if (previous.view === 'translations' && foldedForTranslations) {
    foldedForTranslations = false;
    if (fold.folded) fold.setFolded(false, { remember: false });
  }
});
sideFoldStore.subscribe((state) => {
  // Opened again in the Traductions view: the editor's choice from now on.
  if (!state.folded) foldedForTranslations = false;
});

/**
 * Whether the side panel shows only its rail: when the editor folded it, or when it would only
 * say "no node selected" (the inspector with nothing selected), so the canvas gets the room.
 */
export function useSideFolded(): boolean {
  const folded = useStore(sideFoldStore, (s) => s.folded);
  const idle = useCanvas((s) => s.panel === 'inspector' && s.selectedNodeIds.length === 0);
  return folded || idle;
}
