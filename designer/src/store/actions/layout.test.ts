import { describe, expect, it } from 'vitest';
import { contentHash, Flow, parseFlow } from '@griot/flows';
import { createDocumentStore } from '../documentStore.ts';

const flow = () =>
  Flow.parse({
    schemaVersion: 2,
    id: 'f',
    name: 'f',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'hello', type: 'message', prompt: { fr: { text: 'Bonjour.' } }, position: { x: 300, y: 0 } },
      { id: 'bye', type: 'end', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', output: 'next', target: 'bye' },
    ],
  });

describe('sections and sticky notes in the document', () => {
  it('groups nodes into a section that folds, follows renames and deletions, and goes with its last node', () => {
    const store = createDocumentStore();
    store.getState().load('f', flow(), 1);
    const { actions } = store.getState();
    const id = actions.addGroup('Accueil', ['hello', 'bye']);
    expect(store.getState().doc?.layout?.groups).toEqual([{ id, label: 'Accueil', nodes: ['hello', 'bye'] }]);
    actions.setGroupCollapsed(id!, true);
    expect(store.getState().doc?.layout?.groups[0]?.collapsed).toBe(true);
    actions.renameNode('hello', 'welcome');
    expect(store.getState().doc?.layout?.groups[0]?.nodes).toEqual(['welcome', 'bye']);
    actions.deleteElements(['welcome', 'bye']);
    expect(store.getState().doc?.layout).toBeUndefined();
    // Every step can be undone.
    store.getState().undo();
    expect(store.getState().doc?.layout?.groups[0]?.nodes).toEqual(['welcome', 'bye']);
  });

  it('a node joins one section at most', () => {
    const store = createDocumentStore();
    store.getState().load('f', flow(), 1);
    const { actions } = store.getState();
    actions.addGroup('A', ['start', 'hello']);
    actions.addGroup('B', ['hello', 'bye']);
    expect(store.getState().doc?.layout?.groups.map((g) => [g.label, g.nodes])).toEqual([
      ['A', ['start']],
      ['B', ['hello', 'bye']],
    ]);
  });

  it('keeps sticky notes, and the document stays a valid flow', () => {
    const store = createDocumentStore();
    store.getState().load('f', flow(), 1);
    const { actions } = store.getState();
    const note = actions.addNote({ x: 10.4, y: 20.6 });
    actions.editNote(note, { text: 'À relire avant Ramadan', color: 'pink' });
    actions.moveNotes({ [note]: { x: 100, y: 200 } });
    expect(store.getState().doc?.layout?.notes).toEqual([{ id: note, text: 'À relire avant Ramadan', color: 'pink', position: { x: 100, y: 200 } }]);
    expect(parseFlow(store.getState().doc).ok).toBe(true);
    actions.removeNotes([note]);
    // Without sections or notes the document is as before: same content hash.
    expect(contentHash(store.getState().doc!)).toBe(contentHash(flow()));
  });
});
