import { afterEach, describe, expect, it, vi } from 'vitest';
import { Flow, mergeFlows, type TestCase } from '@griot/flows';
import example from '../../../flows/examples/1919-selfcare.json' with { type: 'json' };
import { createDocumentStore } from '../store/documentStore.ts';
import { testT } from '../i18n/testT.ts';
import { mergeWithTheirs, saveDraft } from './draftSaver.ts';
import { saveStatusStore } from './saveStatusStore.ts';
import { readableField } from './readableField.ts';

/** The 1919 draft as stored before test cases had ids (the example has none). */
const stored = () => Flow.parse(example);

/** A server answering PUT /draft as docs/api.md says: 409 with the current draft on a stale revision. */
function fakeServer(current: { revision: number; document: Flow }) {
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { revision: number; document: Flow };
    if (body.revision !== current.revision) {
      return new Response(JSON.stringify({ error: { code: 'stale_revision', message: 'stale' }, current: { revision: current.revision, document: current.document, updatedBy: 'eddy' } }), {
        status: 409,
      });
    }
    current.revision += 1;
    current.document = body.document;
    return new Response(JSON.stringify({ revision: current.revision, hash: 'h', lint: [] }), { status: 200 });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  saveStatusStore.getState().set({ conflict: null, conflictHidden: false });
});

const newCase = (name: string): TestCase => ({ name, channel: 'voice', caller: { number: '+2290197000001' }, fixtures: {}, steps: [{ expect: { at: 'language' } }] });
const names = (flow: Flow) => flow.tests.map((t) => t.name);

describe('two editors changing the test cases of one draft', () => {
  it('keeps both new test cases, the removal and the edit, each on its own case, after « Garder ma version »', async () => {
    const server = { revision: 4, document: stored() };
    fakeServer(server);
    const [first, second, third] = names(stored());
    // Eddy, in his tab: removes the second case, adds one at the end, saves first.
    const eddy = createDocumentStore();
    eddy.getState().load('selfcare-1919', stored(), 4);
    eddy.getState().actions.removeTestCase(1);
    eddy.getState().actions.addTestCase(newCase('Eddy : appelant en dioula'));
    expect(await saveDraft(eddy)).toMatchObject({ status: 'saved' });
    // Ama, in hers, opened the same draft: edits the third case, adds one at the end, saves second.
    const ama = createDocumentStore();
    ama.getState().load('selfcare-1919', stored(), 4);
    const edited = { ...(ama.getState().doc?.tests[2] as TestCase), name: `${third} (revu par Ama)` };
    ama.getState().actions.updateTestCase(2, edited);
    ama.getState().actions.addTestCase(newCase('Ama : rappel demandé'));
    expect((await saveDraft(ama)).status).toBe('conflict');
    const conflict = saveStatusStore.getState().conflict;
    if (!conflict) throw new Error('no conflict shown');
    expect(await mergeWithTheirs(conflict, 'mine', ama)).toMatchObject({ status: 'saved' });

    const saved = names(server.document);
    // By position, the list was one conflict: Ama's version whole, Eddy's case and his removal gone.
    expect(saved).toContain('Eddy : appelant en dioula');
    expect(saved).toContain('Ama : rappel demandé');
    expect(saved).not.toContain(second);
    expect(saved.slice(0, 2)).toEqual([first, `${third} (revu par Ama)`]);
    expect(saved).toHaveLength(stored().tests.length + 1);
    expect(new Set(server.document.tests.map((t) => t.id)).size).toBe(saved.length);
  });

  it('shows a test case both renamed as that case’s name, by the case, not the whole list of tests', async () => {
    const t = await testT('fr');
    const open = () => {
      const store = createDocumentStore();
      store.getState().load('selfcare-1919', stored(), 4);
      return store;
    };
    const [base, ama, eddy] = [open(), open(), open()];
    const rename = (store: ReturnType<typeof open>, index: number, name: string) => store.getState().actions.renameTestCase(index, name);
    eddy.getState().actions.removeTestCase(0);
    rename(eddy, 1, 'Appelant connu (Eddy)');
    rename(ama, 2, 'Appelant connu (Ama)');
    const [start, mine, theirs] = [base.getState().doc, ama.getState().doc, eddy.getState().doc];
    if (!start || !mine || !theirs) throw new Error('a draft not open');
    const { conflicts } = mergeFlows(start, mine, theirs, 'mine');
    expect(conflicts.map((c) => [readableField(c.field, undefined, t, [...mine.tests, ...theirs.tests]), c.mine, c.theirs])).toEqual([
      ['Cas de test « Appelant connu (Ama) » · nom', 'Appelant connu (Ama)', 'Appelant connu (Eddy)'],
    ]);
  });
});
