import { createStore } from 'zustand';
import type { Channel, Flow, LintContext } from '@griot/flows';
import { audioApi } from '../api/audioApi.ts';
import { backendsApi } from '../api/backendsApi.ts';
import { flowsApi } from '../api/flowsApi.ts';

export interface ServerRulesState {
  /** Where this server lets http nodes send secrets and requests; null until known (or when it cannot say). */
  rules: LintContext | null;
  /** Flow id → the channels its bindings route to it (staging and production); null until known. */
  boundChannels: Readonly<Record<string, readonly Channel[]>> | null;
  /** The flow's latest version (its number and document): a menu prompt still saying an option's old label is found against it. */
  latest: { flowId: string; number: number; document: Flow } | null;
  /** The names the flow's recordings library holds: a prompt naming a file not among them is found (`prompt.recordingNotFound`). */
  recordings: { flowId: string; names: readonly string[] } | null;
  load(): Promise<void>;
  /** Lists the flow's recordings library (see `watchRecordings` for when; uploads from this editor are added as they are stored). */
  loadRecordings(flowId: string): Promise<void>;
  /** Reads the flow's version `number` as its latest, unless already read; null: the flow has none. */
  loadLatest(flowId: string, number: number | null): Promise<void>;
  /** What the checks of this flow run with: the server's rules and the channels it is bound to, as far as known. */
  contextFor(flowId: string): LintContext | null;
  /** Resolves once every read asked so far has answered (or failed): the checks at open wait for it, and run once. */
  settled(): Promise<void>;
}

/**
 * The server's rules for http nodes (which backends each secret may go to, which hosts may be
 * called) and the channels each flow is bound to, so the checks in the browser say what the
 * server's do (USSD screens, recordings a channel cannot play). Without them, the checks that need
 * no configuration still run.
 */
/** Listings asked so far: only the last one's answer is kept. */
let recordingsAsked = 0;

/** The reads on their way (`settled`). */
const reading = new Set<Promise<void>>();
function tracked(read: () => Promise<void>): Promise<void> {
  const promise = read().finally(() => reading.delete(promise));
  reading.add(promise);
  return promise;
}

export const serverRulesStore = createStore<ServerRulesState>()((set, get) => ({
  rules: null,
  boundChannels: null,
  latest: null,
  recordings: null,
  loadRecordings: (flowId) =>
    tracked(async () => {
      const asked = ++recordingsAsked;
      const assets = await audioApi.list(flowId).catch(() => null);
      // A later listing was asked meanwhile (another flow opened, the tab back in front): its answer wins.
      if (asked !== recordingsAsked) return;
      // Unknown (the server cannot say): not checked, rather than every recording said missing.
      if (!assets) return set({ recordings: null });
      const names = assets.map((a) => a.name);
      const now = get().recordings;
      // The same library: no new state, so the checks do not run again for nothing.
      if (now?.flowId === flowId && now.names.length === names.length && now.names.every((name, i) => name === names[i])) return;
      set({ recordings: { flowId, names } });
    }),
  loadLatest: (flowId, number) =>
    tracked(async () => {
      const now = get().latest;
      if (number === null) {
        if (now) set({ latest: null });
        return;
      }
      if (now?.flowId === flowId && now.number === number) return;
      const version = await flowsApi.version(flowId, number).catch(() => null);
      if (version) set({ latest: { flowId, number, document: version.document } });
    }),
  load: () =>
    tracked(async () => {
      const [rules, boundChannels] = await Promise.all([
        backendsApi.get().then(
          ({ secretBackends, allowedHosts, environments }): LintContext => ({
            secretBackends,
            allowedHosts,
            // The names each environment has: a look-up naming another is said (`http.unknownBackend`).
            ...(environments ? { backendNames: { staging: environments.staging.map((b) => b.name), production: environments.production.map((b) => b.name) } } : {}),
            // The backends reached over plain http://: a secret sent to one is said (`http.plainHttpSecret`).
            ...(environments
              ? {
                  plainHttpBackends: { staging: environments.staging.filter((b) => b.plainHttp).map((b) => b.name), production: environments.production.filter((b) => b.plainHttp).map((b) => b.name) },
                }
              : {}),
          }),
          () => null,
        ),
        flowsApi.bindings().then(
          (bindings) => {
            const byFlow: Record<string, Channel[]> = {};
            for (const b of bindings) {
              const channels = (byFlow[b.flowId] ??= []);
              if (!channels.includes(b.channel as Channel)) channels.push(b.channel as Channel);
            }
            return byFlow;
          },
          () => null,
        ),
      ]);
      set({ rules, boundChannels });
    }),
  settled: async () => {
    // A read answered can ask no other, but one asked while waiting (the versions listed anew) is waited for too.
    while (reading.size > 0) await Promise.allSettled([...reading]);
  },
  contextFor: (flowId) => {
    const { rules, boundChannels, latest, recordings } = get();
    const previous = latest?.flowId === flowId ? latest.document : undefined;
    const names = recordings?.flowId === flowId ? recordings.names : undefined;
    if (!rules && !boundChannels && !previous && !names) return null;
    return {
      ...rules,
      ...(boundChannels ? { boundChannels: boundChannels[flowId] ?? [] } : {}),
      ...(previous ? { previous } : {}),
      ...(names ? { recordings: names } : {}),
    };
  },
}));

// A take stored from this editor (recorded, uploaded, pasted along with a node) is in the library from now on.
audioApi.onUploaded((flowId, name) => {
  const { recordings } = serverRulesStore.getState();
  if (recordings?.flowId === flowId && !recordings.names.includes(name)) serverRulesStore.setState({ recordings: { flowId, names: [...recordings.names, name] } });
});
