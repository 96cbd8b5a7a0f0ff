import { createStore, useStore } from 'zustand';
import type { Binding, Environments, VersionSummary } from '../api/types.ts';
import { flowsApi } from '../api/flowsApi.ts';

/** The flow's published versions, what each environment runs, and the bindings that use it. */
export interface VersionsState {
  versions: VersionSummary[];
  environments: Environments;
  bindings: Binding[];
  /** Older versions than those listed remain on the server (the list reads a page of VERSIONS_PAGE at a time). */
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
}

export const versionsStore = createStore<VersionsState>()(() => ({
  versions: [],
  environments: { staging: null, production: null },
  bindings: [],
  hasOlder: false,
  loading: false,
  error: null,
}));

/** Versions read at a time: the newest first, older ones on « Versions plus anciennes » (a flow keeps up to 2,000). */
export const VERSIONS_PAGE = 100;

/** Whether a page (newest first) leaves older versions on the server. */
const olderRemain = (page: VersionSummary[]) => page.length === VERSIONS_PAGE && Math.min(...page.map((v) => v.number)) > 1;

export function useVersions<T>(selector: (state: VersionsState) => T): T {
  return useStore(versionsStore, selector);
}

/** Reloads from the server (after a publish, a promotion, a rollback). Bindings need a role some users lack. */
export async function refreshVersions(flowId: string): Promise<void> {
  versionsStore.setState({ loading: true, error: null });
  try {
    const [page, environments, bindings] = await Promise.all([flowsApi.versions(flowId, { limit: VERSIONS_PAGE }), flowsApi.environments(flowId), flowsApi.bindings().catch(() => [] as Binding[])]);
    const versions = [...page].sort((a, b) => b.number - a.number);
    versionsStore.setState({
      versions,
      hasOlder: olderRemain(versions),
      environments,
      bindings: bindings.filter((b) => b.flowId === flowId),
      loading: false,
    });
  } catch (e) {
    versionsStore.setState({ loading: false, error: (e as Error).message });
  }
}

/** Adds the next older page to the list (« Versions plus anciennes »). */
export async function loadOlderVersions(flowId: string): Promise<void> {
  const listed = versionsStore.getState().versions;
  if (listed.length === 0) return;
  const oldest = Math.min(...listed.map((v) => v.number));
  try {
    const page = [...(await flowsApi.versions(flowId, { limit: VERSIONS_PAGE, before: oldest }))].sort((a, b) => b.number - a.number);
    const known = new Set(versionsStore.getState().versions.map((v) => v.number));
    versionsStore.setState((state) => ({ versions: [...state.versions, ...page.filter((v) => !known.has(v.number))], hasOlder: olderRemain(page) }));
  } catch (e) {
    versionsStore.setState({ error: (e as Error).message });
  }
}
