import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingCopier } from '../canvas/pasteRecordings.ts';
import type { FlowSummary } from '../api/types.ts';
import { duplicateFlow } from './flowFiles.ts';

const original = {
  schemaVersion: 2,
  id: 'selfcare-1919',
  name: 'Selfcare 1919',
  locales: [{ code: 'fon', name: 'Fon' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'welcome', type: 'say', prompt: { fon: { audio: 'fon/welcome.wav' } } },
    { id: 'menu', type: 'say', prompt: { fon: { audio: 'fon/menu.wav' } } },
  ],
  edges: [],
};

/** The flow routes as the server answers them; `created` holds the copies the server made. */
function fakeServer(archived: string[] = []) {
  const created: string[] = [];
  vi.stubGlobal('fetch', async (path: string, init?: RequestInit) => {
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (path.endsWith('/draft')) return json(200, { revision: 1, document: original });
    if (path === '/api/flows' && init?.method === 'POST') {
      const id = (JSON.parse(String(init.body)) as { document: { id: string } }).document.id;
      if (archived.includes(id)) return json(409, { error: { code: 'flow_archived', message: `flow ${id} is archived` } });
      created.push(id);
      return json(201, { flow: { id } });
    }
    return json(404, { error: { code: 'not_found', message: path } });
  });
  return created;
}

describe('« Dupliquer »', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says which recordings the copy lacks when the network fails half-way, rather than failing a copy that exists', async () => {
    const created = fakeServer();
    const offline: RecordingCopier = {
      list: async () => {
        throw new Error('Failed to fetch');
      },
      read: async () => new Blob(['RIFF']),
      store: async (_flow, name) => name,
    };
    const summary = { id: 'selfcare-1919', name: 'Selfcare 1919' } as FlowSummary;
    const result = await duplicateFlow(summary, ['selfcare-1919'], 'copie', offline);
    expect(created).toEqual(['selfcare-1919-copy']);
    expect(result).toEqual({ id: 'selfcare-1919-copy', recordings: 0, failed: ['fon/welcome.wav', 'fon/menu.wav'] });
  });
  it('names the copy after an archived copy of the same flow instead of failing at every click', async () => {
    const created = fakeServer(['selfcare-1919-copy']);
    const library: RecordingCopier = { list: async () => [], read: async () => new Blob(['RIFF']), store: async (_flow, name) => name };
    const result = await duplicateFlow({ id: 'selfcare-1919', name: 'Selfcare 1919' } as FlowSummary, ['selfcare-1919'], 'copie', library);
    expect(created).toEqual(['selfcare-1919-copy2']);
    expect(result).toEqual({ id: 'selfcare-1919-copy2', recordings: 2, failed: [] });
  });
});
