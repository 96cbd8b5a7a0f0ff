import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';

/** Puts a recording in the flow's library (production refuses a version naming a file it does not hold). */
async function upload(server: TestServer, flowId: string, name: string): Promise<void> {
  const response = await fetch(`${server.url}/api/flows/${flowId}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
    body: Buffer.from(toneWav(0.3)),
  });
  expect(response.status).toBe(201);
}

/** The hotline translated into Fon (no text-to-speech), its recordings not made yet, or made. */
function fonHotline(recorded: boolean): FlowInput {
  const flow = testFlow({ id: 'fon-hotline' });
  flow.locales = [...flow.locales, { code: 'fon', name: 'Fon', tts: null, asr: null }];
  for (const node of flow.nodes as Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }>; options?: Array<{ label: Record<string, string> }> }>) {
    if (node.prompt) node.prompt.fon = { text: `${node.id} (fon)`, ...(recorded ? { audio: `fon/${node.id}.wav` } : {}) };
    for (const option of node.options ?? []) option.label.fon = option.label.fr ?? '';
  }
  return flow;
}

describe('a Fon version whose recordings are not made yet', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: fonHotline(false) })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('is published and put in staging, for testers to call before the recordings exist', async () => {
    const published = await server.admin.post('/api/flows/fon-hotline/publish', { message: 'Fon texts, recordings to come' });
    expect(published.status).toBe(201);
    const staged = await server.admin.post('/api/flows/fon-hotline/environments/staging', { version: published.body.number });
    expect(staged.status).toBe(200);
    expect(staged.body.environment).toMatchObject({ name: 'staging', version: 1 });
  });

  it('is refused in production, listing the recordings to make, until they exist', async () => {
    const refused = await server.admin.post('/api/flows/fon-hotline/environments/production', { version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recordings_missing');
    expect((refused.body.issues as Array<{ code: string; node: string; field: string }>).map((i) => `${i.code}:${i.node}:${i.field}`).sort()).toEqual([
      'prompt.missingAudio:agent:prompt.fon',
      'prompt.missingAudio:balance:prompt.fon',
      'prompt.missingAudio:bye:prompt.fon',
      'prompt.missingAudio:menu:prompt.fon',
    ]);
    expect((await server.admin.get('/api/flows/fon-hotline/environments')).body.production).toBeNull();

    const draft = await server.admin.get('/api/flows/fon-hotline/draft');
    expect((await server.admin.put('/api/flows/fon-hotline/draft', { revision: draft.body.revision, document: fonHotline(true) })).status).toBe(200);
    for (const id of ['menu', 'balance', 'agent', 'bye']) await upload(server, 'fon-hotline', `fon/${id}.wav`);
    const recorded = await server.admin.post('/api/flows/fon-hotline/publish', { message: 'Fon recordings' });
    expect(recorded.status).toBe(201);
    const promoted = await server.admin.post('/api/flows/fon-hotline/environments/production', { version: recorded.body.number });
    expect(promoted.status).toBe(200);
  });
});

/** The hotline with Fon just added (no text-to-speech): the main menu recorded, nothing else in Fon yet. */
function fonMenuOnly(): FlowInput {
  const flow = testFlow({ id: 'fon-menu-only' });
  flow.locales = [...flow.locales, { code: 'fon', name: 'Fɔngbè', tts: null, asr: null }];
  for (const node of flow.nodes as Array<{ id: string; prompt?: Record<string, { text?: string; audio?: string }> }>) {
    if (node.id === 'menu' && node.prompt) node.prompt.fon = { audio: 'fon/menu.wav' };
  }
  return flow;
}

describe('a Fon version with only its menu recorded', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: fonMenuOnly() })).status).toBe(201);
    await upload(server, 'fon-menu-only', 'fon/menu.wav');
  });
  afterAll(() => server.stop());

  it('is published and put in staging (the other prompts said in French meanwhile), and refused in production naming the recordings to make', async () => {
    const published = await server.admin.post('/api/flows/fon-menu-only/publish', { message: 'Fon menu recorded' });
    expect(published.status).toBe(201);
    expect((await server.admin.post('/api/flows/fon-menu-only/environments/staging', { version: published.body.number })).status).toBe(200);
    const refused = await server.admin.post('/api/flows/fon-menu-only/environments/production', { version: published.body.number });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('recordings_missing');
    const issues = refused.body.issues as Array<{ code: string; node: string; field: string; params?: Record<string, string> }>;
    expect(issues.map((i) => `${i.code}:${i.node}:${i.field}`).sort()).toEqual([
      'prompt.missingRecording:agent:prompt.fon',
      'prompt.missingRecording:balance:prompt.fon',
      'prompt.missingRecording:bye:prompt.fon',
    ]);
    expect(issues.every((i) => i.params?.fallback === 'fr')).toBe(true);
    expect((await server.admin.get('/api/flows/fon-menu-only/environments')).body.production).toBeNull();
  });
});
