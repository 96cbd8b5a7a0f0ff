import { audioNamesOf } from '@griot/flows';
import type { EnvironmentName, FlowVersionSummary, Store } from '../store/types.ts';

/** The published versions of a flow that name a recorded prompt, and the environments running one of them. */
export interface AudioUse {
  versions: number[];
  environments: EnvironmentName[];
}

/**
 * A flow's recorded prompts named by any published version (staging, production, an older one
 * rollback may return to). `published`, when given, answers only which names, from memory while
 * the flow's versions are unchanged (the anonymous path of /audio: see `audioUsageIn`).
 */
export type AudioUsage = ((flowId: string) => Promise<Map<string, AudioUse>>) & {
  published?: (flowId: string) => Promise<ReadonlySet<string>>;
};

/** Past this many flows remembered, the memory of published names starts over. */
const FLOWS_REMEMBERED = 1_000;

/**
 * Which recordings the flow's versions name. A version never changes (its content hash says so),
 * so the names of each are read once and kept, under the hash: a flow purged and created again
 * under the same id has new versions with old numbers.
 */
export function audioUsageIn(store: Pick<Store, 'listVersions' | 'getVersion' | 'getEnvironments' | 'getVersionHash'>): AudioUsage {
  const namesOfVersion = new Map<string, ReadonlySet<string>>();
  const usesIn = async (flowId: string, versions: FlowVersionSummary[]): Promise<Map<string, AudioUse>> => {
    const environments = await store.getEnvironments(flowId);
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
  const usage: AudioUsage = async (flowId) => usesIn(flowId, await store.listVersions(flowId));
  /**
   * The names any published version holds, per flow, with the latest version they were read up
   * to (number and hash). Versions are numbered in turn and never change: while that version is
   * still the one stored and the next number is free, no version came or went, and the names are
   * the same. So an anonymous request for a take costs two reads of a hash, not the list of up to
   * 2,000 versions: anyone may ask /audio for any name, as often as they like. (Environments do
   * not matter here: any published version's names are published.)
   */
  const published = new Map<string, { latest: number; hash: string | null; names: ReadonlySet<string> }>();
  usage.published = async (flowId) => {
    const known = published.get(flowId);
    if (known) {
      const [hash, next] = await Promise.all([known.latest > 0 ? store.getVersionHash(flowId, known.latest) : null, store.getVersionHash(flowId, known.latest + 1)]);
      if (hash === known.hash && next === null) return known.names;
    }
    const versions = await store.listVersions(flowId);
    const latest = versions.reduce((top, v) => (v.number > top.number ? v : top), { number: 0, hash: null as string | null });
    const names = new Set((await usesIn(flowId, versions)).keys());
    if (published.size >= FLOWS_REMEMBERED) published.clear();
    published.set(flowId, { latest: latest.number, hash: latest.hash, names });
    return names;
  };
  return usage;
}
