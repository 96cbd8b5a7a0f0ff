import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand';
import type { User } from '../api/types.ts';
import { pastedSamples } from '../nodes/http/sampleAnswer.ts';
import { forgetOnSignOut, watchDeviceTraces } from './deviceTraces.ts';

function memoryStorage(entries: Record<string, string>): Storage {
  const items = new Map(Object.entries(entries));
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

const awa: User = { id: 'u1', username: 'awa', roles: ['editor'] };
const kofi: User = { id: 'u10', username: 'kofi', roles: ['editor'] };
const left = () => ({
  'griot.clipboard.u1': '{"format":"griot-nodes"}',
  'griot.clipboard': '{"format":"griot-nodes"}',
  'griot.unsent.u1.selfcare-1919@7': '{}',
  'griot.unsent.selfcare-1919@6': '{}',
  'griot.simulator.u1.selfcare-1919': '{"callerNumber":"+2290197000001"}',
  'griot.flowList.folder': 'Campagne Tabaski',
  'griot.publication.seen.awa': '2026-12-01T10:00:00Z',
  'griot.uiLanguage': 'fr',
  'griot.colorScheme': 'dark',
});

describe('what a shared computer keeps when a user leaves', () => {
  it('« Se déconnecter » leaves the device’s display choices only', () => {
    const store = memoryStorage(left());
    forgetOnSignOut(store);
    expect(Object.keys(Object.fromEntries([...Array(store.length).keys()].map((i) => [store.key(i), 1])))).toEqual(['griot.publication.seen.awa', 'griot.uiLanguage', 'griot.colorScheme']);
  });

  it('an expired session keeps Awa’s unsent edits for her, and Kofi signing in next removes them unread', () => {
    const store = memoryStorage(left());
    const session = createStore<{ user: User | null | undefined }>()(() => ({ user: awa }));
    const stop = watchDeviceTraces(session, store);
    session.setState({ user: null });
    expect(store.getItem('griot.clipboard.u1')).toBeNull();
    expect(store.getItem('griot.flowList.folder')).toBeNull();
    expect(store.getItem('griot.unsent.u1.selfcare-1919@7')).toBe('{}');
    // Awa again: hers stay (the legacy copy of nobody in particular goes).
    session.setState({ user: awa });
    expect(store.getItem('griot.unsent.u1.selfcare-1919@7')).toBe('{}');
    expect(store.getItem('griot.simulator.u1.selfcare-1919')).not.toBeNull();
    expect(store.getItem('griot.unsent.selfcare-1919@6')).toBeNull();
    session.setState({ user: null });
    // Kofi (u10, whose id starts like hers): nothing of Awa's stays.
    session.setState({ user: kofi });
    expect(store.getItem('griot.unsent.u1.selfcare-1919@7')).toBeNull();
    expect(store.getItem('griot.simulator.u1.selfcare-1919')).toBeNull();
    expect(store.getItem('griot.uiLanguage')).toBe('fr');
    stop();
  });

  it('a tab closed without signing out: the next person opening the page finds no copy nor folder of Awa’s, and her unsent edits wait for her', () => {
    const store = memoryStorage(left());
    const session = createStore<{ user: User | null | undefined }>()(() => ({ user: undefined }));
    const stop = watchDeviceTraces(session, store);
    // The page asks the server: Awa's session expired since she closed the tab.
    session.setState({ user: null });
    expect(store.getItem('griot.clipboard.u1')).toBeNull();
    expect(store.getItem('griot.flowList.folder')).toBeNull();
    expect(store.getItem('griot.unsent.u1.selfcare-1919@7')).toBe('{}');
    // Kofi signs in: the rest of Awa's goes, unread.
    session.setState({ user: kofi });
    expect(store.getItem('griot.unsent.u1.selfcare-1919@7')).toBeNull();
    expect(store.getItem('griot.simulator.u1.selfcare-1919')).toBeNull();
    stop();
  });

  it('a sample answer Awa pasted in a look-up (a subscriber’s number in it) is gone from the tab once she signs out', () => {
    const session = createStore<{ user: User | null | undefined }>()(() => ({ user: awa }));
    const stop = watchDeviceTraces(session, memoryStorage({}));
    try {
      pastedSamples.set('selfcare-1919\u0000balance', '{"msisdn":"+2290197000001","balance":1250}');
      // Her session goes on: the sample waits while she edits another node.
      session.setState({ user: awa });
      expect(pastedSamples.get('selfcare-1919\u0000balance')).toContain('+2290197000001');
      session.setState({ user: null });
      expect(pastedSamples.has('selfcare-1919\u0000balance')).toBe(false);
    } finally {
      pastedSamples.forget();
      stop();
    }
  });
});
