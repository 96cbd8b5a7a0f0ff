import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

const testFlowDocument = () => testFlow({ id: 'audioflow' });
import { toneWav } from '../src/audio/toneWav.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const created = await server.admin.post('/api/flows', { document: testFlowDocument() });
  expect(created.status).toBe(201);
});
afterAll(() => server.stop());

const upload = (name: string, body: Uint8Array, token = 'test-admin-token-0123456789abcdef') =>
  fetch(`${server.url}/api/flows/${testFlowDocument().id}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' }, body: body,
  });

describe('recorded prompts', () => {
  it('stores an uploaded WAV and serves it to the voice platform without a login', async () => {
    const wav = toneWav();
    const response = await upload('fon/welcome.wav', wav);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'fon/welcome.wav', bytes: wav.length, url: `/audio/${testFlowDocument().id}/fon/welcome.wav` });
    const served = await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/welcome.wav`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/audio\/(x-)?wav/);
    expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
    const list = await server.admin.get(`/api/flows/${testFlowDocument().id}/audio`);
    expect(list.body).toEqual([{ name: 'fon/welcome.wav', bytes: wav.length, url: `/audio/${testFlowDocument().id}/fon/welcome.wav` }]);
    const audit = await server.admin.get(`/api/audit?target=flow:${testFlowDocument().id}`);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('audio.upload');
  });

  it('refuses what is not audio, a path escaping the folder, and viewers', async () => {
    const text = await upload('fon/fake.wav', new TextEncoder().encode('hello, not a wav file'));
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('not_audio');
    const escaping = await upload('../../etc/passwd.wav', toneWav());
    expect(escaping.status).toBe(400);
    const viewer = await userWithRoles(server, 'vera', ['viewer']);
    const refused = await viewer.call('POST', `/api/flows/${testFlowDocument().id}/audio?name=fon/x.wav`, '', { 'content-type': 'audio/wav' });
    expect(refused.status).toBe(403);
    expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/missing.wav`)).status).toBe(404);
  });

  it('deletes a prompt', async () => {
    await upload('fon/bye.wav', toneWav());
    const removed = await server.admin.delete(`/api/flows/${testFlowDocument().id}/audio?name=fon/bye.wav`);
    expect(removed.status).toBe(204);
    expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/bye.wav`)).status).toBe(404);
  });
});
