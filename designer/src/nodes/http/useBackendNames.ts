import { useStore } from 'zustand';
import { serverRulesStore } from '../../checks/serverRulesStore.ts';

const NONE: readonly string[] = [];

/** The named backends this server has (staging's and production's), offered in a look-up's « Système » field. */
export function useBackendNames(): readonly string[] {
  const backends = useStore(serverRulesStore, (s) => s.rules?.backendNames);
  if (!backends) return NONE;
  return [...new Set([...backends.staging, ...backends.production])].sort();
}
