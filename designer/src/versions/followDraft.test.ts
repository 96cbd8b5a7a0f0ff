import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import type { Draft } from '../api/types.ts';
import { createDocumentStore } from '../store/documentStore.ts';
import { catchUpDraft, DRAFT_ON_FRONT_MS, followDraft } from './followDraft.ts';

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

const saved = (revision: number, name: string): Draft => ({ revision, document: flow(name), updatedBy: 'awa' });

describe('a tab back in front follows the draft saved elsewhere', () => {
  it('shows the newer draft when this tab holds no edit of its own', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    expect(
      await catchUpDraft(
        store,
        async () => saved(4, 'Accueil depuis l’autre onglet'),
        () => false,
      ),
    ).toEqual({ revision: 4, by: 'awa' });
    expect(store.getState().doc?.name).toBe('Accueil depuis l’autre onglet');
    expect(store.getState().revision).toBe(4);
    // Nothing of its own to save: the autosave sends nothing back.
    expect(store.getState().doc).toBe(store.getState().savedDoc);
  });

  it('never lets an undo send this tab’s older copy back over the draft it followed', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    // This tab's own step, saved before the editor went to the other tab.
    store.getState().actions.setFlowName('Accueil corrigé ici');
    store.getState().markSaved(4, store.getState().doc as Flow);
    await catchUpDraft(
      store,
      async () => saved(5, 'Accueil du collègue'),
      () => false,
    );
    // Ctrl+Z (or « Annuler ») right after: nothing of the colleague's draft is taken back, nothing is left to save over it.
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc?.name).toBe('Accueil du collègue');
    expect(store.getState().doc).toBe(store.getState().savedDoc);
    expect(store.getState().revision).toBe(5);
  });

  it('still takes back this tab’s own earlier step on the followed draft, keeping the colleague’s change, and the save sends that', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    store.getState().actions.setFlowDescription('Ligne 1919');
    store.getState().markSaved(4, store.getState().doc as Flow);
    await catchUpDraft(
      store,
      async () => ({ revision: 5, document: { ...(store.getState().doc as Flow), name: 'Accueil du collègue' }, updatedBy: 'awa' }),
      () => false,
    );
    store.getState().undo();
    expect(store.getState().doc?.description).toBeUndefined();
    expect(store.getState().doc?.name).toBe('Accueil du collègue');
    // Something of this tab's own to save, on the colleague's revision.
    expect(store.getState().doc).not.toBe(store.getState().savedDoc);
    expect(store.getState().revision).toBe(5);
    expect(store.getState().refused).toBeNull();
  });

  it('leaves the draft under an open dialog as it is (the publish dialog sends what it shows)', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    let open = true;
    let reads = 0;
    const read = async () => {
      reads += 1;
      return saved(4, 'Accueil depuis l’autre onglet');
    };
    expect(await catchUpDraft(store, read, () => open)).toBeNull();
    expect(reads).toBe(0);
    // The dialog opens while the draft is being read.
    open = false;
    expect(
      await catchUpDraft(
        store,
        async () => {
          open = true;
          return read();
        },
        () => open,
      ),
    ).toBeNull();
    expect(store.getState().doc?.name).toBe('Accueil');
    expect(store.getState().revision).toBe(3);
  });

  it('never replaces edits this tab has not saved: the save’s conflict dialog merges them', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    store.getState().actions.setFlowName('Accueil corrigé ici');
    let read = false;
    expect(
      await catchUpDraft(store, async () => {
        read = true;
        return saved(4, 'Accueil depuis l’autre onglet');
      }),
    ).toBeNull();
    expect(read).toBe(false);
    expect(store.getState().doc?.name).toBe('Accueil corrigé ici');
    expect(store.getState().revision).toBe(3);
  });

  it('keeps an edit typed while the draft was being read', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    const followed = await catchUpDraft(store, async () => {
      store.getState().actions.setFlowName('Tapé pendant la lecture');
      return saved(4, 'Accueil depuis l’autre onglet');
    });
    expect(followed).toBeNull();
    expect(store.getState().doc?.name).toBe('Tapé pendant la lecture');
  });

  it('changes nothing when the server has no newer revision', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    const before = store.getState().doc;
    expect(await catchUpDraft(store, async () => saved(3, 'Accueil'))).toBeNull();
    expect(store.getState().doc).toBe(before);
  });

  it('reads once for a tab switch’s visibilitychange and focus, and only on a return', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Accueil'), 3);
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    let reads = 0;
    let clock = 1_000;
    const followed: number[] = [];
    const stop = followDraft({ window, document }, (f) => followed.push(f.revision), {
      store,
      held: () => false,
      now: () => clock,
      read: async () => {
        reads += 1;
        return saved(3 + reads, `rév. ${3 + reads}`);
      },
    });
    // The editor at work: a focus without having left reads nothing.
    window.dispatchEvent(new Event('focus'));
    expect(reads).toBe(0);
    window.dispatchEvent(new Event('blur'));
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(1);
    expect(followed).toEqual([4]);
    clock += DRAFT_ON_FRONT_MS;
    window.dispatchEvent(new Event('focus'));
    expect(reads).toBe(1);
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 0));
    expect(followed).toEqual([4, 5]);
    stop();
    clock += DRAFT_ON_FRONT_MS;
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('focus'));
    expect(reads).toBe(2);
  });
});
