import { createStore } from 'zustand';
import type { Channel, LintContext } from '@griot/flows';
import { backendsApi } from '../api/backendsApi.ts';
import { flowsApi } from '../api/flowsApi.ts';

export interface ServerRulesState {
  /** Where this server lets http nodes send secrets and requests; null until known (or when it cannot say). */
  rules: LintContext | null;
  /** Flow id → the channels its bindings route to it (staging and production); null until known. */
  boundChannels: Readonly<Record<string, readonly Channel[]>> | null;
  load(): Promise<void>;
  /** What the checks of this flow run with: the server's rules and the channels it is bound to, as far as known. */
  contextFor(flowId: string): LintContext | null;
}

/**
 * The server's rules for http nodes (which backends each secret may go to, which hosts may be
 * called) and the channels each flow is bound to, so the checks in the browser say what the
 * server's do (USSD screens, recordings a channel cannot play). Without them, the checks that need
 * no configuration still run.
 */
export const serverRulesStore = createStore<ServerRulesState>()((set, get) => ({
  rules: null,
  boundChannels: null,
  load: async () => {
    const [rules, boundChannels] = await Promise.all([
      backendsApi.get().then(
        ({ secretBackends, allowedHosts }): LintContext => ({ secretBackends, allowedHosts }),
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
  },
  contextFor: (flowId) => {
    const { rules, boundChannels } = get();
    if (!rules && !boundChannels) return null;
    return { ...rules, ...(boundChannels ? { boundChannels: boundChannels[flowId] ?? [] } : {}) };
  },
}));
