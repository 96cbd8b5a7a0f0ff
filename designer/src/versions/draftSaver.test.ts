import { afterEach, describe, expect, it, vi } from 'vitest';
import { Flow, mergeFlows } from '@griot/flows';
import { createDocumentStore } from '../store/documentStore.ts';
import { mergeWithTheirs, reloadTheirs, saveDraft } from './draftSaver.ts';
import { saveStatusStore } from './saveStatusStore.ts';

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

/** A fake server answering PUT /draft like docs/api.md: 409 with the current draft when the revision is stale. */
function fakeServer(current: { revision: number; name: string; document?: Flow }) {
  const puts: Array<{ revision: number; name: string }> = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { revision: number; document: Flow };
    puts.push({ revision: body.revision, name: body.document.name });
    if (body.revision !== current.revision) {
      return new Response(
        JSON.stringify({ error: { code: 'stale_revision', message: 'stale' }, current: { revision: current.revision, document: current.document ?? flow(current.name), updatedBy: 'awa' } }),
        {
          status: 409,
        },
      );
    }
    current.revision += 1;
    current.name = body.document.name;
    current.document = body.document;
    return new Response(JSON.stringify({ revision: current.revision, hash: 'h', lint: [] }), { status: 200 });
  });
  return puts;
}

afterEach(() => vi.unstubAllGlobals());

describe('saving the draft', () => {
  it('sends the revision it was based on and takes the new one', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Mine'), 4);
    const puts = fakeServer({ revision: 4, name: 'Old' });
    store.getState().actions.setFlowName('Mine 2');
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 5 });
    expect(puts).toEqual([{ revision: 4, name: 'Mine 2' }]);
    expect(store.getState().doc).toBe(store.getState().savedDoc);
    expect(await saveDraft(store)).toEqual({ status: 'unchanged' });
  });

  it('on a stale revision, shows their version and never overwrites silently', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server = { revision: 5, name: 'Theirs' };
    const puts = fakeServer(server);
    store.getState().actions.setFlowName('Mine');
    const outcome = await saveDraft(store);
    expect(outcome.status).toBe('conflict');
    expect(saveStatusStore.getState().conflict?.revision).toBe(5);
    expect(server).toEqual({ revision: 5, name: 'Theirs' });
    expect(puts).toHaveLength(1);

    // The editor chooses to keep theirs: my changes go, their revision becomes the base.
    reloadTheirs(saveStatusStore.getState().conflict!, store);
    expect(store.getState().doc?.name).toBe('Theirs');
    expect(store.getState().revision).toBe(5);
    expect(saveStatusStore.getState().conflict).toBeNull();
  });

  it('« Reprendre sa version » drops my unsent step only: my saved steps stay undoable on their draft, their change kept', async () => {
    let clock = 0;
    const store = createDocumentStore(() => clock);
    store.getState().load('f', flow('Base'), 4);
    const server: { revision: number; name: string; document?: Flow } = { revision: 4, name: 'Base' };
    fakeServer(server);
    store.getState().actions.setFlowName('Self-care 1919');
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 5 });
    // Awa saves meanwhile: a goodbye prompt.
    const awas = structuredClone(server.document as Flow);
    (awas.nodes.find((n) => n.id === 'bye') as { prompt?: unknown }).prompt = { fr: { text: 'Au revoir (Awa)' } };
    Object.assign(server, { revision: 6, document: awas });
    clock += 5000;
    store.getState().actions.setFlowDescription('Mon brouillon');
    expect((await saveDraft(store)).status).toBe('conflict');

    reloadTheirs(saveStatusStore.getState().conflict!, store);
    expect(store.getState().doc?.description).toBeUndefined();
    expect(store.getState().past.map((p) => p.name)).toEqual(['editFlow']);
    // Ctrl+Z takes back my saved renaming on Awa's draft; her goodbye stays.
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(store.getState().doc?.name).toBe('Base');
    const bye = store.getState().doc?.nodes.find((n) => n.id === 'bye') as { prompt?: { fr?: { text?: string } } } | undefined;
    expect(bye?.prompt?.fr?.text).toBe('Au revoir (Awa)');
  });

  it('keeping mine on a field we both changed saves mine on their revision', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server: { revision: number; name: string; document?: Flow } = { revision: 5, name: 'Theirs' };
    fakeServer(server);
    store.getState().actions.setFlowName('Mine');
    await saveDraft(store);
    const outcome = await mergeWithTheirs(saveStatusStore.getState().conflict!, 'mine', store);
    expect(outcome).toEqual({ status: 'saved', revision: 6 });
    expect(server.revision).toBe(6);
    expect(server.name).toBe('Mine');
  });

  it('keeping mine never drops what they changed and I did not', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const theirs = { ...flow('Base'), description: 'Eddy’s description' };
    const server: { revision: number; name: string; document?: Flow } = { revision: 5, name: 'Base', document: theirs };
    fakeServer(server);
    store.getState().actions.setFlowName('Mine');
    await saveDraft(store);
    await mergeWithTheirs(saveStatusStore.getState().conflict!, 'mine', store);
    expect(server.document?.name).toBe('Mine');
    expect(server.document?.description).toBe('Eddy’s description');
    expect(store.getState().doc).toBe(store.getState().savedDoc);
  });
});

describe('undo after the conflict dialog merged the other editor’s draft', () => {
  it('takes back my step on the merged draft, and the save that follows keeps what they changed', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Base'), 4);
    const server: { revision: number; name: string; document?: Flow } = { revision: 5, name: 'Base', document: { ...flow('Base'), description: 'Eddy’s description' } };
    const puts = fakeServer(server);
    store.getState().actions.setFlowName('Mine');
    await saveDraft(store);
    await mergeWithTheirs(saveStatusStore.getState().conflict!, 'mine', store);
    expect(server).toMatchObject({ revision: 6, name: 'Mine' });

    store.getState().undo();
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 7 });
    expect(server.document?.name).toBe('Base');
    expect(server.document?.description).toBe('Eddy’s description');
    store.getState().redo();
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 8 });
    expect(server.document?.name).toBe('Mine');
    expect(server.document?.description).toBe('Eddy’s description');
    // Never a stale revision: each save was on the one before.
    expect(puts.map((p) => p.revision)).toEqual([4, 5, 6, 7]);
  });

  it('takes back a restored unsent copy on the draft merged since, keeping both colleagues’ changes', async () => {
    const store = createDocumentStore();
    const base = flow('Base');
    // Eddy saved revision 5 after my copy (on revision 3) was kept on this device.
    const eddys = { ...flow('Base'), description: 'Eddy’s description' };
    store.getState().load('f', eddys, 5);
    store.getState().restore(mergeFlows(base, { ...base, name: 'Written offline' }, eddys, 'mine').flow, 5);
    // Koffi saves revision 6 (a node of his) before the restored copy is sent.
    const koffis = { ...eddys, nodes: [...eddys.nodes, { id: 'koffi', type: 'end' }] } as Flow;
    const server: { revision: number; name: string; document?: Flow } = { revision: 6, name: 'Base', document: koffis };
    fakeServer(server);
    await saveDraft(store);
    await mergeWithTheirs(saveStatusStore.getState().conflict!, 'mine', store);
    expect(server.document?.name).toBe('Written offline');

    store.getState().undo();
    await saveDraft(store);
    expect(server.document?.name).toBe('Base');
    expect(server.document?.description).toBe('Eddy’s description');
    expect(server.document?.nodes.map((n) => n.id)).toContain('koffi');
    store.getState().redo();
    await saveDraft(store);
    expect(server.document?.name).toBe('Written offline');
    expect(server.document?.nodes.map((n) => n.id)).toContain('koffi');
  });
});

describe('a save the server stored with its own stamps', () => {
  it('edits the stored document from then on, so the next save keeps the stamps', async () => {
    const store = createDocumentStore();
    store.getState().load('f', flow('Mine'), 4);
    // The server answers with the document it stored: here, a translation stamped as made from the old text.
    const stamped = (name: string) => ({ ...flow(name), description: 'stamped by the server' });
    const puts: string[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { revision: number; document: Flow };
      puts.push(`${body.document.name}|${body.document.description ?? ''}`);
      const stored = { ...body.document, description: 'stamped by the server' };
      return new Response(JSON.stringify({ revision: body.revision + 1, hash: 'h', lint: [], document: stored }), { status: 200 });
    });
    store.getState().actions.setFlowName('Mine 2');
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 5 });
    expect(store.getState().doc).toEqual(stamped('Mine 2'));
    expect(store.getState().doc).toBe(store.getState().savedDoc);
    // Nothing left to save; the next edit is saved over the stored document.
    expect(await saveDraft(store)).toEqual({ status: 'unchanged' });
    store.getState().actions.setFlowName('Mine 3');
    await saveDraft(store);
    expect(puts).toEqual(['Mine 2|', 'Mine 3|stamped by the server']);
  });

  it('undoes a version taken back whole once the server stamped it: the draft from before, not « Impossible d’annuler »', async () => {
    const store = createDocumentStore();
    const draft = { ...flow('Draft v2'), description: 'stamped on v2' };
    store.getState().load('f', draft, 4);
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { revision: number; document: Flow };
      return new Response(JSON.stringify({ revision: body.revision + 1, hash: 'h', lint: [], document: { ...body.document, description: 'stamped on v1' } }), { status: 200 });
    });
    store.getState().actions.takeVersion(flow('Version 1'));
    expect(await saveDraft(store)).toEqual({ status: 'saved', revision: 5 });
    expect(store.getState().doc?.description).toBe('stamped on v1');
    store.getState().undo();
    expect(store.getState().refused).toBeNull();
    expect(store.getState().doc).toEqual(draft);
    store.getState().redo();
    expect(store.getState().doc).toMatchObject({ name: 'Version 1', description: 'stamped on v1' });
  });
});
