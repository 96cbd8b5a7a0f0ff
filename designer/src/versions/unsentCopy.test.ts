import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '@griot/flows';
import { createDocumentStore } from '../store/documentStore.ts';
import { copyDiffers, keepUnsentCopies, readUnsentCopy } from './unsentCopy.ts';
import { sessionStore } from '../app/sessionStore.ts';
import type { User } from '../api/types.ts';

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

/** The browser's localStorage, as a map. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

let stop: () => void = () => {};
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('the unsent copy kept on this device', () => {
  it('holds the latest edits under the flow and the revision they were made on, until the server has them', async () => {
    const storage = memoryStorage();
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 7);
    stop = keepUnsentCopies({ store, storage, delayMs: 100, now: () => new Date('2026-11-20T10:00:00Z'), userId: 'u-awa' });
    store.getState().actions.setFlowName('Typed before the crash');
    await vi.advanceTimersByTimeAsync(150);
    expect(storage.key(0)).toBe('griot.unsent.u-awa.f@7');
    // Kept for Awa: another user on this browser is offered nothing.
    expect(readUnsentCopy('f', storage, 'u-kofi')).toBeNull();
    const copy = readUnsentCopy('f', storage, 'u-awa');
    expect(copy).toMatchObject({ flowId: 'f', baseRevision: 7, savedAt: '2026-11-20T10:00:00.000Z' });
    expect(copy?.doc.name).toBe('Typed before the crash');
    expect(copyDiffers(copy!, flow('Base'))).toBe(true);
    expect(copyDiffers(copy!, copy!.doc)).toBe(false);

    // The server accepted the draft: the copy is no longer needed.
    store.getState().markSaved(8, store.getState().doc!);
    expect(readUnsentCopy('f', storage, 'u-awa')).toBeNull();
  });

  it('keeps the edit of the last moment when the session ends (the login page replaces the editor), for the same user only', async () => {
    const storage = memoryStorage();
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 7);
    let ended = false;
    stop = keepUnsentCopies({ store, storage, delayMs: 250, userId: 'u-awa', sessionEnded: () => ended });
    store.getState().actions.setFlowName('Typed as the session expired');
    // The session found expired before the copy was written: the editor goes.
    ended = true;
    stop();
    stop = () => {};
    expect(readUnsentCopy('f', storage, 'u-awa')?.doc.name).toBe('Typed as the session expired');
    expect(readUnsentCopy('f', storage, 'u-kofi')).toBeNull();
  });

  it('tells an ended session from a sign-out by the session store: « expired » names the user', () => {
    const awa = { id: 'u-awa', username: 'awa', displayName: 'Awa', roles: ['editor'] } as unknown as User;
    for (const [end, kept] of [
      [() => sessionStore.getState().sessionEnded(), true],
      [() => sessionStore.getState().setUser(null), false],
    ] as const) {
      sessionStore.getState().setUser(awa);
      const storage = memoryStorage();
      const store = createDocumentStore();
      store.getState().load('f', flow('Base'), 7);
      stop = keepUnsentCopies({ store, storage, delayMs: 250 });
      store.getState().actions.setFlowName('Last edit');
      end();
      stop();
      stop = () => {};
      expect(readUnsentCopy('f', storage, 'u-awa') !== null).toBe(kept);
    }
    sessionStore.getState().setUser(null);
  });

  it('writes nothing when the editor is left on purpose (asked first) or the user signed out', async () => {
    const storage = memoryStorage();
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 7);
    stop = keepUnsentCopies({ store, storage, delayMs: 250, userId: 'u-awa', sessionEnded: () => false });
    store.getState().actions.setFlowName('Left without the edits');
    stop();
    stop = () => {};
    await vi.advanceTimersByTimeAsync(500);
    expect(storage.length).toBe(0);
  });

  it('opening the flow again does not throw the copy away', async () => {
    const storage = memoryStorage();
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 7);
    stop = keepUnsentCopies({ store, storage, delayMs: 100 });
    store.getState().actions.setFlowName('Unsent');
    await vi.advanceTimersByTimeAsync(150);
    stop();
    // A new tab: the server's draft is loaded, then the keeper starts.
    const reopened = createDocumentStore();
    reopened.getState().load('f', flow('Base'), 7);
    stop = keepUnsentCopies({ store: reopened, storage, delayMs: 100 });
    expect(readUnsentCopy('f', storage)?.doc.name).toBe('Unsent');
    // Restored, it is an undoable edit, kept again under the server's revision.
    reopened.getState().restore(readUnsentCopy('f', storage)!.doc, 7);
    expect(reopened.getState().doc?.name).toBe('Unsent');
    expect(reopened.getState().past.at(-1)?.name).toBe('restoreUnsent');
    await vi.advanceTimersByTimeAsync(150);
    expect(readUnsentCopy('f', storage)?.doc.name).toBe('Unsent');
  });

  it('taking the other editor’s version after a conflict drops the copy', async () => {
    const storage = memoryStorage();
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 7);
    stop = keepUnsentCopies({ store, storage, delayMs: 100 });
    store.getState().actions.setFlowName('Mine');
    await vi.advanceTimersByTimeAsync(150);
    store.getState().load('f', flow('Theirs'), 9);
    expect(readUnsentCopy('f', storage)).toBeNull();
  });
});
