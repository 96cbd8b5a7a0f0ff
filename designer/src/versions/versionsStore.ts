import { createStore, useStore } from 'zustand';
import type { Binding, EnvironmentPointer, Environments, VersionSummary } from '../api/types.ts';
import { flowsApi } from '../api/flowsApi.ts';
import { documentStore } from '../store/documentStore.ts';

/** The flow's published versions, what each environment runs, and the bindings that use it. */
export interface VersionsState {
  /** Newest first: the pages read, then the versions an environment runs that are older than those pages. */
  versions: VersionSummary[];
  environments: Environments;
  bindings: Binding[];
  /** Older versions than those listed remain on the server (the list reads a page of VERSIONS_PAGE at a time). */
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
  /** Versions read one by one because an environment runs them, below the pages read (not where the next page starts). */
  pinned: { flowId: string; numbers: number[] } | null;
  /** How far down « Versions plus anciennes » read: a reload keeps those pages. */
  olderRead: { flowId: string; down: number } | null;
}

export const versionsStore = createStore<VersionsState>()(() => ({
  versions: [],
  environments: { staging: null, production: null },
  bindings: [],
  hasOlder: false,
  loading: false,
  error: null,
  pinned: null,
  olderRead: null,
}));

/** Versions read at a time: the newest first, older ones on « Versions plus anciennes » (a flow keeps up to 2,000). */
export const VERSIONS_PAGE = 100;
/** The most the server gives in one page. */
const MOST_PER_PAGE = 500;

/** Whether a page (newest first) leaves older versions on the server. */
const olderRemain = (page: VersionSummary[]) => page.length === VERSIONS_PAGE && Math.min(...page.map((v) => v.number)) > 1;

const newestFirst = (versions: VersionSummary[]) => [...versions].sort((a, b) => b.number - a.number);

/** One entry per number, the later list's entry winning (a label may have changed), newest first. */
function merge(...lists: VersionSummary[][]): VersionSummary[] {
  const byNumber = new Map<number, VersionSummary>();
  for (const list of lists) for (const v of list) byNumber.set(v.number, v);
  return newestFirst([...byNumber.values()]);
}

/** The flow on screen: the list belongs to it (the editor loads both together). */
const onScreen = () => documentStore.getState().flowId;

/** The numbers read one by one for this flow. */
const pinnedOf = (state: VersionsState, flowId: string) => (state.pinned?.flowId === flowId ? state.pinned.numbers : []);

/** The versions the pages read (newest first), without those read one by one. */
function paged(state: VersionsState, flowId: string): VersionSummary[] {
  const pinned = pinnedOf(state, flowId);
  return state.versions.filter((v) => !pinned.includes(v.number));
}

export function useVersions<T>(selector: (state: VersionsState) => T): T {
  return useStore(versionsStore, selector);
}

/** The version an environment runs (older servers answered a bare number). */
export const pointedVersion = (pointer: EnvironmentPointer | number | null | undefined): number | null => (typeof pointer === 'number' ? pointer : (pointer?.version ?? null));

/**
 * Reloads from the server (after a publish, a promotion, a rollback). Bindings need a role some users lack.
 * Older pages already read stay listed, with the versions between them and the newest page read too.
 */
export async function refreshVersions(flowId: string): Promise<void> {
  versionsStore.setState({ loading: true, error: null });
  try {
    const [answer, environments, bindings] = await Promise.all([flowsApi.versions(flowId, { limit: VERSIONS_PAGE }), flowsApi.environments(flowId), flowsApi.bindings().catch(() => [] as Binding[])]);
    const page = newestFirst(answer);
    let versions = page;
    let hasOlder = olderRemain(page);
    // The older pages read for this flow (« Versions plus anciennes »), below the newest page.
    const bottom = page.length === VERSIONS_PAGE ? Math.min(...page.map((v) => v.number)) : 0;
    const olderKept = () => {
      const state = versionsStore.getState();
      const read = state.olderRead;
      if (onScreen() !== flowId || read?.flowId !== flowId) return [];
      return paged(state, flowId).filter((v) => v.number < bottom && v.number >= read.down);
    };
    let olderRead: VersionsState['olderRead'] = null;
    let older = olderKept();
    if (older.length > 0) {
      // What was published since the older pages were read pushed some out of the newest page: read them in between.
      const gap = bottom - 1 - older[0]!.number;
      const between = gap > 0 && gap <= MOST_PER_PAGE ? await flowsApi.versions(flowId, { limit: gap, before: bottom }) : [];
      older = olderKept();
      if (older.length > 0 && (gap <= 0 || between.length === gap)) {
        versions = merge(older, between, page);
        olderRead = versionsStore.getState().olderRead;
        hasOlder = (olderRead?.down ?? 1) > 1;
      }
    }
    if (onScreen() !== null && onScreen() !== flowId) {
      versionsStore.setState({ loading: false });
      return; // another flow opened meanwhile
    }
    const state = versionsStore.getState();
    const pinnedNumbers = pinnedOf(state, flowId).filter((n) => !versions.some((v) => v.number === n));
    const pinnedVersions = state.versions.filter((v) => pinnedNumbers.includes(v.number));
    versionsStore.setState({
      versions: merge(pinnedVersions, versions),
      pinned: { flowId, numbers: pinnedNumbers },
      olderRead,
      hasOlder,
      environments,
      bindings: bindings.filter((b) => b.flowId === flowId),
      loading: false,
    });
  } catch (e) {
    versionsStore.setState({ loading: false, error: (e as Error).message });
  }
}

/**
 * Reads again only what staging and production run (a promotion or a rollback made in another tab
 * or by a colleague): the simulator says which version answers, and must not name the one this tab
 * read when the flow opened. Kept when another flow opened meanwhile; a failure leaves the last known.
 */
export async function refreshEnvironments(flowId: string): Promise<void> {
  try {
    const environments = await flowsApi.environments(flowId);
    if (onScreen() === flowId) versionsStore.setState({ environments });
  } catch {
    // the next call or reload reads them
  }
}

/** Adds the next older page to the list (« Versions plus anciennes »), if the same flow is still on screen. */
export async function loadOlderVersions(flowId: string): Promise<void> {
  const listed = paged(versionsStore.getState(), flowId);
  if (listed.length === 0) return;
  const oldest = Math.min(...listed.map((v) => v.number));
  try {
    const page = newestFirst(await flowsApi.versions(flowId, { limit: VERSIONS_PAGE, before: oldest }));
    if (onScreen() !== flowId) return;
    if (page.length === 0) {
      versionsStore.setState({ hasOlder: false });
      return;
    }
    const state = versionsStore.getState();
    const now = paged(state, flowId);
    // A reload meanwhile may have left this page apart from the list: the next click reads the right one.
    if (now.length === 0 || page[0]!.number + 1 < Math.min(...now.map((v) => v.number))) return;
    const pageBottom = page[page.length - 1]!.number;
    versionsStore.setState({
      versions: merge(state.versions, page),
      pinned: { flowId, numbers: pinnedOf(state, flowId).filter((n) => n < pageBottom) },
      hasOlder: olderRemain(page),
      olderRead: { flowId, down: pageBottom },
      error: null,
    });
  } catch (e) {
    versionsStore.setState({ error: (e as Error).message });
  }
}

const reading = new Set<string>();

/**
 * The versions staging and production run are always listed, even older than the pages read:
 * the compare box and the analytics, simulator and tests pickers offer them. Those missing are read one by one.
 */
function readEnvironmentVersions(): void {
  const flowId = onScreen();
  if (!flowId) return;
  const { environments, versions } = versionsStore.getState();
  for (const n of [pointedVersion(environments.production), pointedVersion(environments.staging)]) {
    const key = `${flowId}:${n}`;
    if (n === null || versions.some((v) => v.number === n) || reading.has(key)) continue;
    reading.add(key);
    flowsApi
      .version(flowId, n)
      .then(
        ({ document: _document, ...summary }) => {
          if (onScreen() !== flowId) return;
          versionsStore.setState((state) =>
            state.versions.some((v) => v.number === n) ? state : { versions: merge(state.versions, [summary]), pinned: { flowId, numbers: [...new Set([...pinnedOf(state, flowId), n])] } },
          );
        },
        () => undefined, // listed when the pages reach it
      )
      .finally(() => reading.delete(key));
  }
}

versionsStore.subscribe((state, before) => {
  // The editor sets the list and the flow together: read once both are there.
  if (state.environments !== before.environments || state.versions !== before.versions) queueMicrotask(readEnvironmentVersions);
});
