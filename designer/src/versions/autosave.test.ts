import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '@griot/flows';
import { createDocumentStore } from '../store/documentStore.ts';
import { startAutosave } from './autosave.ts';
import { saveStatusStore } from './saveStatusStore.ts';
import { saveStateOf } from './saveState.ts';

const flow = (name: string) =>
  Flow.parse({
    schemaVersion: 2,
    id: 'f',
    name,
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'bye', type: 'end' },
    ],
    edges: [{ id: 'e1', source: 'start', output: 'next', target: 'bye' }],
  });

interface Server {
  revision: number;
  name: string;
  down: boolean;
  puts: Array<{ revision: number; name: string }>;
}

/** PUT /draft as docs/api.md says: 409 with the current draft on a stale revision; a network failure when down. */
function fakeServer(server: Server) {
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    if (server.down) throw new TypeError('Failed to fetch');
    const body = JSON.parse(String(init.body)) as { revision: number; document: Flow };
    server.puts.push({ revision: body.revision, name: body.document.name });
    if (body.revision !== server.revision) {
      return new Response(JSON.stringify({ error: { code: 'stale_revision', message: 'stale' }, current: { revision: server.revision, document: flow(server.name), updatedBy: 'koffi' } }), {
        status: 409,
      });
    }
    server.revision += 1;
    server.name = body.document.name;
    return new Response(JSON.stringify({ revision: server.revision, hash: 'h', lint: [] }), { status: 200 });
  });
}

const stateOf = (store: ReturnType<typeof createDocumentStore>) => saveStateOf(store.getState(), saveStatusStore.getState());
let stop: () => void = () => {};

beforeEach(() => {
  vi.useFakeTimers();
  saveStatusStore.getState().reset();
});
afterEach(() => {
  stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('autosave', () => {
  it('saves once, a moment after the last of several edits, without a click', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server: Server = { revision: 4, name: 'Base', down: false, puts: [] };
    fakeServer(server);
    stop = startAutosave({ store, delayMs: 1000 });
    store.getState().actions.setFlowName('A');
    await vi.advanceTimersByTimeAsync(500);
    store.getState().actions.setFlowName('AB');
    expect(stateOf(store)).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(999);
    expect(server.puts).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(server.puts).toEqual([{ revision: 4, name: 'AB' }]);
    expect(store.getState().revision).toBe(5);
    expect(stateOf(store)).toBe('saved');
  });

  it('on a conflict shows it and stops: the other editor’s draft is never overwritten', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server: Server = { revision: 5, name: 'Theirs', down: false, puts: [] };
    fakeServer(server);
    stop = startAutosave({ store, delayMs: 1000 });
    store.getState().actions.setFlowName('Mine');
    await vi.advanceTimersByTimeAsync(1100);
    expect(stateOf(store)).toBe('conflict');
    expect(saveStatusStore.getState().conflict?.updatedBy).toBe('koffi');
    // More edits while the conflict waits for a choice: nothing is sent.
    store.getState().actions.setFlowName('Mine again');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.puts).toHaveLength(1);
    expect(server).toMatchObject({ revision: 5, name: 'Theirs' });
  });

  it('keeps trying while the server cannot be reached, and saves when it is back', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server: Server = { revision: 4, name: 'Base', down: true, puts: [] };
    fakeServer(server);
    stop = startAutosave({ store, delayMs: 1000, retryMs: [2000, 5000] });
    store.getState().actions.setFlowName('Offline edit');
    await vi.advanceTimersByTimeAsync(1100);
    expect(stateOf(store)).toBe('offline');
    await vi.advanceTimersByTimeAsync(2000);
    expect(stateOf(store)).toBe('offline');
    server.down = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.puts).toEqual([{ revision: 4, name: 'Offline edit' }]);
    expect(stateOf(store)).toBe('saved');
  });

  it('does not send a refused draft again until it changes', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    let puts = 0;
    vi.stubGlobal('fetch', async () => {
      puts += 1;
      return new Response(JSON.stringify({ error: { code: 'invalid_flow', message: 'bad' }, issues: [{ severity: 'error', code: 'schema.invalid', message: 'bad' }] }), { status: 400 });
    });
    stop = startAutosave({ store, delayMs: 1000 });
    store.getState().actions.setFlowName('Bad');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(puts).toBe(1);
    expect(stateOf(store)).toBe('refused');
    store.getState().actions.setFlowName('Better');
    await vi.advanceTimersByTimeAsync(1100);
    expect(puts).toBe(2);
  });
});
