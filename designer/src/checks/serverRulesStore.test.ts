import { afterEach, describe, expect, it, vi } from 'vitest';
import { audioApi } from '../api/audioApi.ts';
import { serverRulesStore } from './serverRulesStore.ts';

/** The server as the editor's checks ask it: the flow's library lists `names`; an upload keeps the name asked. */
function serverWithLibrary(names: string[]) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    if (init?.method === 'POST') return Response.json({ name: new URL(url, 'http://x').searchParams.get('name') }, { status: 201 });
    return Response.json(names.map((name) => ({ name, bytes: 100 })));
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  serverRulesStore.setState({ recordings: null, rules: null, boundChannels: null, latest: null });
});

describe('the checks know the flow’s recordings library', () => {
  it('lint runs with the names the library holds, for that flow only', async () => {
    serverWithLibrary(['fon/menu.wav']);
    await serverRulesStore.getState().loadRecordings('hotline');
    expect(serverRulesStore.getState().contextFor('hotline')?.recordings).toEqual(['fon/menu.wav']);
    expect(serverRulesStore.getState().contextFor('other')?.recordings).toBeUndefined();
  });

  it('a take uploaded from the editor is no longer said missing', async () => {
    serverWithLibrary(['fon/menu.wav']);
    await serverRulesStore.getState().loadRecordings('hotline');
    await audioApi.upload('hotline', 'fon/bye.wav', 'fon', new Blob([new Uint8Array(4)], { type: 'audio/wav' }));
    expect(serverRulesStore.getState().contextFor('hotline')?.recordings).toEqual(['fon/menu.wav', 'fon/bye.wav']);
  });

  it('when the server cannot list it, nothing is said missing (not checked)', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    await serverRulesStore.getState().loadRecordings('hotline');
    expect(serverRulesStore.getState().contextFor('hotline')?.recordings).toBeUndefined();
  });
});
