import { createStore, useStore } from 'zustand';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';

const STORAGE_KEY = 'griot.sidePanelFolded';

interface SideFoldState {
  /** The editor folded the side panel to its rail (remembered in this browser). */
  folded: boolean;
  setFolded(folded: boolean): void;
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
  setFolded: (folded) => {
    try {
      localStorage.setItem(STORAGE_KEY, folded ? '1' : '0');
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

/**
 * Whether the side panel shows only its rail: when the editor folded it, or when it would only
 * say "no node selected" (the inspector with nothing selected), so the canvas gets the room.
 */
export function useSideFolded(): boolean {
  const folded = useStore(sideFoldStore, (s) => s.folded);
  const idle = useCanvas((s) => s.panel === 'inspector' && s.selectedNodeIds.length === 0);
  return folded || idle;
}
