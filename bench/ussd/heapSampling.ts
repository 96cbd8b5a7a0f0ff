/**
 * `BENCH_HEAP_PROFILE=<file>`: where Griot's heap allocates, for the USSD benchmark's (a). V8's
 * sampling heap profiler over the inspector, counting the objects scavenges collect too (what a
 * screen allocates and drops is the whole point), one sample per 1 kB allocated on average. The
 * profile is written for Chrome's DevTools; `topAllocationSites` ranks its functions by bytes.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

let session: Session | undefined;

export async function startHeapSampling(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

/** Stops sampling, writes the profile to `file`, and returns its allocation sites (self bytes) and the sites' callers (bytes below them), largest first. */
export async function stopHeapSampling(file: string): Promise<{ self: Array<[string, number]>; inclusive: Array<[string, number]>; totalBytes: number }> {
  if (!session) throw new Error('heap sampling was not started');
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
  session.disconnect();
  session = undefined;
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const name = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(griot|ussd-alloc|wt\/[^/]+)\//, '').replace(/^file:\/\//, '')}:${node.callFrame.lineNumber + 1}`;
  let totalBytes = 0;
  const walk = (node: ProfileNode, onStack: Set<string>): number => {
    const here = name(node);
    let size = node.selfSize;
    self.set(here, (self.get(here) ?? 0) + node.selfSize);
    const entered = !onStack.has(here);
    if (entered) onStack.add(here);
    for (const child of node.children) size += walk(child, onStack);
    if (entered) {
      onStack.delete(here);
      inclusive.set(here, (inclusive.get(here) ?? 0) + size);
    }
    return size;
  };
  totalBytes = walk(profile.head, new Set());
  const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { self: ranked(self), inclusive: ranked(inclusive), totalBytes };
}
