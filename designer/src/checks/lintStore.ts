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
  setIssues(issues: LintIssue[], durationMs: number): void;
}

export const lintStore = createStore<LintState>()((set) => ({
  issues: [],
  byNode: new Map(),
  errors: 0,
  warnings: 0,
  durationMs: 0,
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
    set({ issues, byNode, errors, warnings: issues.length - errors, durationMs });
  },
}));

export function useLint<T>(selector: (state: LintState) => T): T {
  return useStore(lintStore, selector);
}
