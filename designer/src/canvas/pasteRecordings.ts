import { audioNamesOf, isAudioPath, type FlowNode } from '@griot/flows';
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

/** `name`, then `name-2.ext`, `name-3.ext`…: the names a copy of `name` may be kept under, in order. */
function* audioNameCandidates(name: string): Generator<string> {
  yield name;
  const match = /^(.*?)(?:-\d+)?(\.[A-Za-z0-9]{1,5})?$/.exec(name);
  const stem = match?.[1] ?? name;
  const extension = match?.[2] ?? '';
  for (let n = 2; ; n += 1) yield `${stem}-${n}${extension}`;
}

/** `name` or, when taken, the first free `name-2.ext`, `name-3.ext`… */
export function freeAudioName(name: string, taken: ReadonlySet<string>): string {
  for (const candidate of audioNameCandidates(name)) if (!taken.has(candidate)) return candidate;
  return name;
}

async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  const [left, right] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  const x = new Uint8Array(left);
  const y = new Uint8Array(right);
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return false;
  return true;
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
 * own recordings; the same take already there is pointed at, not copied again), and the nodes point
 * at the copies. A recording that cannot be copied is named
 * in `failed`, its node left pointing at a name this flow does not hold.
 */
export async function copyRecordings(from: string, to: string, nodes: FlowNode[], inUse: Iterable<string>, copier: RecordingCopier = serverCopier): Promise<{ nodes: FlowNode[]; failed: string[] }> {
  const wanted = [...audioNamesOf({ nodes })];
  if (from === to || wanted.length === 0) return { nodes, failed: [] };
  const library = new Set(await copier.list(to));
  const taken = new Set([...library, ...inUse]);
  const names = new Map<string, string>();
  const failed: string[] = [];
  for (const name of wanted) {
    // The clipboard is any text the user copied: a flow id or a name no recording can have
    // (`../../api/users`) is not fetched, so a crafted paste makes the editor request nothing else.
    if (!isAudioPath(from, name)) {
      failed.push(name);
      continue;
    }
    try {
      const file = await copier.read(from, name);
      // The same take already in this library (pasted before, or a flow copied from that one) is
      // pointed at, not copied once more under the next number at every paste.
      let kept: string | undefined;
      for (const candidate of audioNameCandidates(name)) {
        if (!taken.has(candidate)) break;
        if (!library.has(candidate)) continue;
        const there = await copier.read(to, candidate).catch(() => null);
        if (there && (await sameBytes(file, there))) {
          kept = candidate;
          break;
        }
      }
      if (kept === undefined) {
        kept = await copier.store(to, freeAudioName(name, taken), file);
        library.add(kept);
        taken.add(kept);
      }
      names.set(name, kept);
    } catch {
      failed.push(name);
    }
  }
  return { nodes: renameAudio(nodes, names), failed };
}
