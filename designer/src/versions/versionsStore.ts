import { createStore, useStore } from 'zustand';
import type { Binding, Environments, VersionSummary } from '../api/types.ts';
import { flowsApi } from '../api/flowsApi.ts';

/** The flow's published versions, what each environment runs, and the bindings that use it. */
export interface VersionsState {
  versions: VersionSummary[];
  environments: Environments;
  bindings: Binding[];
  loading: boolean;
  error: string | null;
}

export const versionsStore = createStore<VersionsState>()(() => ({
  versions: [],
  environments: { staging: null, production: null },
  bindings: [],
  loading: false,
  error: null,
}));

export function useVersions<T>(selector: (state: VersionsState) => T): T {
  return useStore(versionsStore, selector);
}

/** Reloads from the server (after a publish, a promotion, a rollback). Bindings need a role some users lack. */
export async function refreshVersions(flowId: string): Promise<void> {
  versionsStore.setState({ loading: true, error: null });
  try {
    const [versions, environments, bindings] = await Promise.all([flowsApi.versions(flowId), flowsApi.environments(flowId), flowsApi.bindings().catch(() => [] as Binding[])]);
    versionsStore.setState({
      versions: [...versions].sort((a, b) => b.number - a.number),
      environments,
      bindings: bindings.filter((b) => b.flowId === flowId),
      loading: false,
    });
  } catch (e) {
    versionsStore.setState({ loading: false, error: (e as Error).message });
  }
}
