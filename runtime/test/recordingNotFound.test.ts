import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import type { FlowInput } from '@griot/flows';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { MongoStore } from '../src/store/mongo/MongoStore.ts';
import { MemoryMongo } from '../src/store/mongo/testing/memoryMongo.ts';

const FLOW = 'imported-hotline';

/**
 * The hotline imported from another instance: every prompt recorded in Fon (no text-to-speech),
 * the goodbye recorded in French too; its recordings library came without two of the files.
 */
function importedHotline(): FlowInput {
  const flow = testFlow({ id: FLOW });
  flow.locales = [...flow.locales, { code: 'fon', name: 'Fon', tts: null, asr: null }];
  for (const node of flow.nodes as Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }>; options?: Array<{ label: Record<string, string> }> }>) {
    if (node.prompt) node.prompt.fon = { audio: `fon/${node.id}.wav` };
    if (node.id === 'bye' && node.prompt) node.prompt.fr = { ...node.prompt.fr, audio: 'fr/bye.wav' };
    for (const option of node.options ?? []) option.label.fon = option.label.fr ?? '';
  }
  return flow;
}

const stores = {
  SQLite: async () => startTestServer(),
  MongoDB: async () => {
    const memory = new MemoryMongo();
    const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
    return startTestServer({ start: { store } });
  },
};

describe.each(Object.entries(stores))('a flow naming recordings its library does not hold (%s)', (_name, start) => {
  let server: TestServer;
  const upload = (name: string) =>
    fetch(`${server.url}/api/flows/${FLOW}/audio?name=${encodeURIComponent(name)}&locale=${name.split('/')[0]}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body: Buffer.from(toneWav(0.3)),
    });
  beforeAll(async () => {
    server = await start();
    expect((await server.admin.post('/api/flows', { document: importedHotline() })).status).toBe(201);
    for (const id of ['menu', 'balance', 'agent']) expect((await upload(`fon/${id}.wav`)).status).toBe(201);
  }, 60_000);
  afterAll(() => server?.stop());

  it('lists each missing file in the draft’s lint, by node, field and language', async () => {
    const draft = await server.admin.get(`/api/flows/${FLOW}/draft`);
    expect(draft.status).toBe(200);
    const found = (draft.body.lint as Array<{ code: string; severity: string; blocks?: string; node: string; field: string; params: Record<string, string> }>).filter(
      (i) => i.code === 'prompt.recordingNotFound',
    );
    expect(found.map((i) => [i.node, i.field, i.params.file, i.params.locale, i.severity, i.blocks])).toEqual([
      ['bye', 'prompt.fr', 'fr/bye.wav', 'fr', 'warning', 'production'],
      ['bye', 'prompt.fon', 'fon/bye.wav', 'fon', 'warning', 'production'],
    ]);
  });

  it('names a file once in production’s refusal however many prompts play it, so the other missing files are named too', async () => {
    // One jingle opens the menu, the balance and the callback message; the goodbye has its own file: two files to upload.
    const flow = testFlow({ id: 'shared-jingle' });
    for (const node of flow.nodes as Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }> }>) {
      if (node.prompt?.fr) node.prompt.fr = { ...node.prompt.fr, audio: node.id === 'bye' ? 'fr/bye.wav' : 'fr/jingle.wav' };
    }
    expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
    expect((await server.admin.post('/api/flows/shared-jingle/publish', { message: 'jingle' })).status).toBe(201);
    const refused = await server.admin.post('/api/flows/shared-jingle/environments/production', { version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.params).toMatchObject({ count: 2, recordings: ['fr/jingle.wav', 'fr/bye.wav'] });
    expect(refused.body.error.message).toContain('lacks 2 recording(s) (fr/jingle.wav, fr/bye.wav)');
    // Every prompt still listed, for the checks panel.
    expect(refused.body.issues).toHaveLength(4);
  });

  it('publishes and goes to staging (the files can come meanwhile), and production refuses it naming the files, until they are uploaded', async () => {
    const published = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'imported' });
    expect(published.status).toBe(201);
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/staging`, { version: 1 })).status).toBe(200);

    const refused = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recordings_missing');
    expect(refused.body.error.message).toContain('fr/bye.wav, fon/bye.wav');
    expect(refused.body.error.params).toMatchObject({ count: 2, version: 1, recordings: ['fr/bye.wav', 'fon/bye.wav'] });
    expect((refused.body.issues as Array<{ code: string; node: string; field: string }>).map((i) => `${i.code}:${i.node}:${i.field}`)).toEqual([
      'prompt.recordingNotFound:bye:prompt.fr',
      'prompt.recordingNotFound:bye:prompt.fon',
    ]);
    expect((await server.admin.get(`/api/flows/${FLOW}/environments`)).body.production).toBeNull();

    // The same version, once its files are in the library.
    expect((await upload('fon/bye.wav')).status).toBe(201);
    expect((await upload('fr/bye.wav')).status).toBe(201);
    const promoted = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 });
    expect(promoted.status).toBe(200);
    expect(promoted.body.environment).toMatchObject({ name: 'production', version: 1 });
  });
});
