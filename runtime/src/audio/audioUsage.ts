import { audioNamesOf } from '@griot/flows';
import type { EnvironmentName, Store } from '../store/types.ts';

/** The published versions of a flow that name a recorded prompt, and the environments running one of them. */
export interface AudioUse {
  versions: number[];
  environments: EnvironmentName[];
}

/** A flow's recorded prompts named by any published version (staging, production, an older one rollback may return to). */
export type AudioUsage = (flowId: string) => Promise<Map<string, AudioUse>>;

/**
 * Which recordings the flow's versions name. A version never changes (its content hash says so),
 * so the names of each are read once and kept, under the hash: a flow purged and created again
 * under the same id has new versions with old numbers.
 */
export function audioUsageIn(store: Pick<Store, 'listVersions' | 'getVersion' | 'getEnvironments'>): AudioUsage {
  const namesOfVersion = new Map<string, ReadonlySet<string>>();
  return async (flowId) => {
    const [versions, environments] = await Promise.all([store.listVersions(flowId), store.getEnvironments(flowId)]);
    const uses = new Map<string, AudioUse>();
    for (const summary of versions) {
      const key = `${flowId}@${summary.number}@${summary.hash}`;
      let names = namesOfVersion.get(key);
      if (!names) {
        const version = await store.getVersion(flowId, summary.number);
        if (!version) continue;
        names = audioNamesOf(version.document);
        namesOfVersion.set(key, names);
      }
      const running = environments.filter((e) => e.version === summary.number).map((e) => e.name);
      for (const name of names) {
        const use = uses.get(name) ?? { versions: [], environments: [] };
        use.versions.push(summary.number);
        for (const environment of running) if (!use.environments.includes(environment)) use.environments.push(environment);
        uses.set(name, use);
      }
    }
    return uses;
  };
}
