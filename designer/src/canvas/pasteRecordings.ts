import { audioNamesOf, type FlowNode } from '@griot/flows';
import { api } from '../api/client.ts';
import { audioApi } from '../api/audioApi.ts';

/** What copying recordings from one flow's library to another needs of the server. */
export interface RecordingCopier {
  /** The names the flow's library holds. */
  list(flowId: string): Promise<string[]>;
  /** A recording's bytes, as the server serves it to the designer. */
  read(flowId: string, name: string): Promise<Blob>;
  /** Stores it under the flow; answers the name it was kept under (another when that one is played by a published version). */
  store(flowId: string, name: string, file: Blob): Promise<string>;
}

export const serverCopier: RecordingCopier = {
  list: async (flowId) => (await api<Array<{ name: string }>>(`/api/flows/${encodeURIComponent(flowId)}/audio`)).map((a) => a.name),
  read: async (flowId, name) => {
    const response = await fetch(audioApi.url(flowId, name), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.blob();
  },
  store: async (flowId, name, file) => {
    const locale = /^([A-Za-z0-9_-]+)\//.exec(name)?.[1] ?? '';
    return (await audioApi.upload(flowId, name, locale, file))?.name ?? name;
  },
};

/** `name` or, when taken, the first free `name-2.ext`, `name-3.ext`… */
export function freeAudioName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const match = /^(.*?)(?:-\d+)?(\.[A-Za-z0-9]{1,5})?$/.exec(name);
  const stem = match?.[1] ?? name;
  const extension = match?.[2] ?? '';
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}-${n}${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The nodes with every recorded prompt's name (each `audio` field, variants included) replaced as `names` says. */
export function renameAudio(nodes: FlowNode[], names: ReadonlyMap<string, string>): FlowNode[] {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'audio' && typeof inner === 'string' ? (names.get(inner) ?? inner) : visit(inner)]));
  };
  return nodes.map((node) => visit(node) as FlowNode);
}

/**
 * Nodes pasted from another flow bring their recordings (a Fon prompt has no text-to-speech to fall
 * back on): each is copied into this flow's library, under a name free there (never over one of its
 * own recordings), and the nodes point at the copies. A recording that cannot be copied is named
 * in `failed`, its node left pointing at a name this flow does not hold.
 */
export async function copyRecordings(from: string, to: string, nodes: FlowNode[], inUse: Iterable<string>, copier: RecordingCopier = serverCopier): Promise<{ nodes: FlowNode[]; failed: string[] }> {
  const wanted = [...audioNamesOf({ nodes })];
  if (from === to || wanted.length === 0) return { nodes, failed: [] };
  const taken = new Set([...(await copier.list(to)), ...inUse]);
  const names = new Map<string, string>();
  const failed: string[] = [];
  for (const name of wanted) {
    try {
      const file = await copier.read(from, name);
      const free = freeAudioName(name, taken);
      const stored = await copier.store(to, free, file);
      taken.add(stored);
      names.set(name, stored);
    } catch {
      failed.push(name);
    }
  }
  return { nodes: renameAudio(nodes, names), failed };
}
