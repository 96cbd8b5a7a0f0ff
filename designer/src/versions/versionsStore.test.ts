import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '@griot/flows';
import { documentStore } from '../store/documentStore.ts';
import { loadOlderVersions, refreshVersions, versionsStore } from './versionsStore.ts';

const doc = Flow.parse({
  schemaVersion: 2,
  id: 'f',
  name: 'f',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'bye', type: 'end' },
  ],
  edges: [{ id: 'e1', source: 'start', output: 'next', target: 'bye' }],
});

interface FakeFlow {
  count: number;
  production: number | null;
}

/**
 * A server answering the versions routes like docs/api.md (a page: the newest `limit` below
 * `before`, oldest first). Reads of a page wait while `held` names the flow.
 */
function fakeServer(flows: Record<string, FakeFlow>) {
  const held: { flow: string | null; release: () => void } = { flow: null, release: () => undefined };
  const reads: string[] = [];
  vi.stubGlobal('fetch', async (path: string) => {
    reads.push(path);
    const url = new URL(path, 'http://griot.test');
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (url.pathname === '/api/bindings') return json([]);
    const [, , , id, route, n] = url.pathname.split('/');
    const flow = flows[decodeURIComponent(id!)]!;
    const summary = (number: number) => ({ number, hash: `${id}-${number}`, message: `${id} v${number}`, createdAt: '2026-01-01T00:00:00Z' });
    if (route === 'environments') return json({ staging: null, production: flow.production === null ? null : { version: flow.production } });
    if (route === 'versions' && n) return json({ ...summary(Number(n)), document: doc });
    if (route === 'versions') {
      if (held.flow === id) await new Promise<void>((resolve) => (held.release = resolve));
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const below = Math.min(flow.count + 1, Number(url.searchParams.get('before') ?? flow.count + 1));
      const page: unknown[] = [];
      for (let number = Math.max(1, below - limit); number < below; number++) page.push(summary(number));
      return json(page);
    }
    return new Response('{}', { status: 404 });
  });
  return { held, reads };
}

/** What the editor does when it opens a flow: the document and the list together. */
function open(flowId: string) {
  documentStore.getState().load(flowId, doc, 1);
  versionsStore.setState({ versions: [], environments: { staging: null, production: null }, hasOlder: false });
}

const numbers = () => versionsStore.getState().versions.map((v) => v.number);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe('the versions list read a page at a time', () => {
  beforeEach(() => versionsStore.setState({ versions: [], pinned: null, hasOlder: false, environments: { staging: null, production: null } }));
  afterEach(() => vi.unstubAllGlobals());

  it("keeps flow A's older page out of flow B's list when B opens during the read", async () => {
    const server = fakeServer({ A: { count: 230, production: null }, B: { count: 150, production: null } });
    open('A');
    await refreshVersions('A');
    server.held.flow = 'A';
    const older = loadOlderVersions('A');
    await vi.waitFor(() => expect(server.reads.some((r) => r.includes('/A/versions?') && r.includes('before='))).toBe(true));
    open('B');
    await refreshVersions('B');
    server.held.release();
    await older;
    expect(numbers()).toEqual(range(150, 51));
    expect(versionsStore.getState().versions.every((v) => v.hash.startsWith('B-'))).toBe(true);
  });

  it('keeps the older pages after a publish, with no version missing or twice in between', async () => {
    const flows = { A: { count: 230, production: null } };
    fakeServer(flows);
    open('A');
    await refreshVersions('A');
    await loadOlderVersions('A');
    expect(numbers()).toEqual(range(230, 31));
    flows.A.count = 232; // two publishes
    await refreshVersions('A');
    expect(numbers()).toEqual(range(232, 31));
    expect(versionsStore.getState().hasOlder).toBe(true);
    await loadOlderVersions('A');
    expect(numbers()).toEqual(range(232, 1));
    expect(versionsStore.getState().hasOlder).toBe(false);
  });

  it('lists the version production runs even when older than the newest page, and pages on past it', async () => {
    fakeServer({ A: { count: 230, production: 12 } });
    open('A');
    await refreshVersions('A');
    await vi.waitFor(() => expect(numbers()).toContain(12));
    expect(numbers()).toEqual([...range(230, 131), 12]);
    await loadOlderVersions('A');
    expect(numbers()).toEqual([...range(230, 31), 12]);
    await loadOlderVersions('A');
    expect(numbers()).toEqual(range(230, 1));
  });
});
