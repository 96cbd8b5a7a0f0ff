import { useLayoutEffect } from 'react';
import { createStore, useStore } from 'zustand';
import type { LintIssue } from '@griot/flows';

export interface NodeIssueCounts {
  errors: number;
  warnings: number;
}

export interface LintState {
  issues: LintIssue[];
  byNode: ReadonlyMap<string, NodeIssueCounts>;
  errors: number;
  warnings: number;
  /** How long the last run took in the browser (ms). */
  durationMs: number;
  /** The document (or what the checks know of the server) changed since `issues` were found: a run is on its way. */
  pending: boolean;
  /** How many times the checks ran since the page loaded (the browser tests count them). */
  runs: number;
  setIssues(issues: LintIssue[], durationMs: number): void;
  /** No issues known yet (another flow opened), not counted as a run. */
  clear(): void;
  /** A run is on its way (`pending`); `flush` runs it now. Without a flow open there is nothing to wait for. */
  setPending(flush: (() => void) | null): void;
  /** Runs the pending checks now, so what is about to be shown (a publication dialog, the problems list) is the flow as it is. */
  flush(): void;
}

export const lintStore = createStore<LintState>()((set) => ({
  issues: [],
  byNode: new Map(),
  errors: 0,
  warnings: 0,
  durationMs: 0,
  pending: false,
  runs: 0,
  setIssues: (issues, durationMs) => {
    const byNode = new Map<string, NodeIssueCounts>();
    let errors = 0;
    for (const issue of issues) {
      if (issue.severity === 'error') errors += 1;
      if (!issue.node) continue;
      const counts = byNode.get(issue.node) ?? { errors: 0, warnings: 0 };
      if (issue.severity === 'error') counts.errors += 1;
      else counts.warnings += 1;
      byNode.set(issue.node, counts);
    }
    set((state) => ({ issues, byNode, errors, warnings: issues.length - errors, durationMs, pending: false, runs: state.runs + 1 }));
    flushPending = null;
  },
  clear: () => set({ issues: [], byNode: new Map(), errors: 0, warnings: 0, durationMs: 0 }),
  setPending: (flush) => {
    flushPending = flush;
    set({ pending: flush !== null });
  },
  flush: () => flushPending?.(),
}));

let flushPending: (() => void) | null = null;

/**
 * For what shows the checks' verdict to act on it (the publication dialogs, the problems list): when it opens (`active`), a run
 * still pending (the pause after an edit, the server's rules awaited at open) is done before the browser paints, never a stale list.
 */
export function useCurrentLint(active: boolean): void {
  useLayoutEffect(() => {
    if (active && lintStore.getState().pending) lintStore.getState().flush();
  }, [active]);
}

export function useLint<T>(selector: (state: LintState) => T): T {
  return useStore(lintStore, selector);
}
