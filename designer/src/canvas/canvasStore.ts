import { createStore, useStore } from 'zustand';

export type DiffMark = 'added' | 'changed' | 'moved';
export type SidePanel = 'inspector' | 'checks' | 'languages' | 'versions' | 'simulator' | 'tests' | 'flow';

/** What the canvas shows on top of the document: none of it is saved or undone. */
export interface CanvasState {
  /** The locale the canvas shows prompts in. */
  locale: string | null;
  /** The canvas, the translation table or the flow's analytics dashboard. */
  view: 'canvas' | 'translations' | 'analytics';
  panel: SidePanel;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** Asks the canvas to center on and select a node (the counter makes a repeated request new); `output`, one of its outputs shown (an issue's). */
  focus: { nodeId: string; seq: number; output?: string } | null;
  /** Asks the canvas to select exactly these nodes (after a paste, select all). */
  selectRequest: { nodeIds: string[]; seq: number } | null;
  /** The simulator's position: the node it waits at and the way it came. */
  simulation: { current: string | null; nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null;
  /** A diff shown on the canvas, by node id. */
  diff: ReadonlyMap<string, DiffMark> | null;
  /** Test coverage shown on the canvas. */
  coverage: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null;
  /** The node where a test case went otherwise than scripted. */
  diverged: string | null;
  searchOpen: boolean;

  setLocale(locale: string): void;
  setView(view: CanvasState['view']): void;
  setPanel(panel: SidePanel): void;
  setSelection(nodeIds: string[], edgeIds: string[]): void;
  focusNode(nodeId: string, output?: string): void;
  selectNodes(nodeIds: string[]): void;
  setSimulation(simulation: CanvasState['simulation']): void;
  setDiff(diff: CanvasState['diff']): void;
  setCoverage(coverage: CanvasState['coverage']): void;
  setDiverged(nodeId: string | null): void;
  setSearchOpen(open: boolean): void;
  reset(): void;
}

const initial = {
  locale: null,
  view: 'canvas' as const,
  panel: 'inspector' as const,
  selectedNodeIds: [],
  selectedEdgeIds: [],
  focus: null,
  selectRequest: null,
  simulation: null,
  diff: null,
  coverage: null,
  diverged: null,
  searchOpen: false,
};

export const canvasStore = createStore<CanvasState>()((set, get) => ({
  ...initial,
  setLocale: (locale) => set({ locale }),
  setView: (view) => set({ view }),
  setPanel: (panel) => set({ panel }),
  setSelection: (selectedNodeIds, selectedEdgeIds) => {
    const state = get();
    if (same(state.selectedNodeIds, selectedNodeIds) && same(state.selectedEdgeIds, selectedEdgeIds)) return;
    set({ selectedNodeIds, selectedEdgeIds });
  },
  focusNode: (nodeId, output) => set({ focus: { nodeId, seq: (get().focus?.seq ?? 0) + 1, ...(output ? { output } : {}) }, view: 'canvas' }),
  selectNodes: (nodeIds) => set({ selectRequest: { nodeIds, seq: (get().selectRequest?.seq ?? 0) + 1 } }),
  setSimulation: (simulation) => set({ simulation }),
  setDiff: (diff) => set({ diff }),
  setCoverage: (coverage) => set({ coverage }),
  setDiverged: (diverged) => set({ diverged }),
  setSearchOpen: (searchOpen) => set({ searchOpen }),
  reset: () => set(initial),
}));

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function useCanvas<T>(selector: (state: CanvasState) => T): T {
  return useStore(canvasStore, selector);
}

/** CSS classes for one node's overlays; a string, so a node re-renders only when its own marks change. */
export function nodeMarks(state: CanvasState, id: string): string {
  const marks: string[] = [];
  const sim = state.simulation;
  if (sim) {
    if (sim.current === id) marks.push('sim-current');
    else if (sim.nodes.has(id)) marks.push('sim-path');
  }
  const diff = state.diff?.get(id);
  if (diff) marks.push(`diff-${diff}`);
  if (state.coverage) marks.push(state.coverage.nodes.has(id) ? 'covered' : 'uncovered');
  if (state.diverged === id) marks.push('test-diverged');
  return marks.join(' ');
}
