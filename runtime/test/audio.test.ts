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

  it('takes a 16 kHz mono WAV, and refuses with a clear 400 a WAV the phone would not play as it is', async () => {
    expect((await upload('fon/wideband.wav', toneWav(0.5, 16000))).status).toBe(201);
    const refusals = {
      'fon/cd.wav': [pcmWav({ channels: 2, rate: 44100 }), 'wav_not_mono', /2 channels, and the phone plays mono/],
      'fon/studio.wav': [pcmWav({ channels: 1, rate: 48000 }), 'wav_sample_rate', /sampled at 48000 Hz, and the phone plays 8000 or 16000 Hz/],
      'fon/float.wav': [pcmWav({ channels: 1, rate: 8000, format: 3, bits: 32 }), 'wav_not_pcm16', /32-bit audio in format 3, not 16-bit PCM/],
      'fon/headless.wav': [Buffer.from('RIFF\0\0\0\0WAVEjunk0000'), 'wav_malformed', /no readable fmt and data chunks/],
    } as const;
    for (const [name, [body, code, message]] of Object.entries(refusals)) {
      const response = await upload(name, body);
      const answer = (await response.json()) as { error: { code: string; message: string; field: string } };
      expect({ name, status: response.status, code: answer.error.code, field: answer.error.field }).toEqual({ name, status: 400, code, field: 'body' });
      expect(answer.error.message).toMatch(message);
      expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/${name}`)).status).toBe(404);
    }
  });

  it('deletes a prompt', async () => {
    await upload('fon/bye.wav', toneWav());
    const removed = await server.admin.delete(`/api/flows/${testFlowDocument().id}/audio?name=fon/bye.wav`);
    expect(removed.status).toBe(204);
    expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/bye.wav`)).status).toBe(404);
  });
});

/** Half a second of silence as a WAV with this header: what audio editors save by default. */
function pcmWav({ channels, rate, format = 1, bits = 16 }: { channels: number; rate: number; format?: number; bits?: number }): Buffer {
  const data = Buffer.alloc(Math.round(rate / 2) * channels * (bits / 8));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * (bits / 8), 28);
  header.writeUInt16LE(channels * (bits / 8), 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
