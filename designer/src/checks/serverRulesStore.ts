import { createStore } from 'zustand';
import type { LintContext } from '@griot/flows';
import { backendsApi } from '../api/backendsApi.ts';

export interface ServerRulesState {
  /** Where this server lets http nodes send secrets and requests; null until known (or when it cannot say). */
  rules: LintContext | null;
  load(): Promise<void>;
}

/**
 * The server's rules for http nodes (which backends each secret may go to, which hosts may be
 * called), so the checks in the browser refuse what publishing will. Without them, the checks
 * that need no configuration still run.
 */
export const serverRulesStore = createStore<ServerRulesState>()((set) => ({
  rules: null,
  load: async () => {
    try {
      const { secretBackends, allowedHosts } = await backendsApi.get();
      set({ rules: { secretBackends, allowedHosts } });
    } catch {
      set({ rules: null });
    }
  },
}));
