import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
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

/** A designer's user: a draft's take (no published version plays these) is theirs only (test/audio.drafts.test.ts). */
const SIGNED_IN = { authorization: `Bearer ${ADMIN_TOKEN}` };

const upload = (name: string, body: Uint8Array, token = 'test-admin-token-0123456789abcdef') =>
  fetch(`${server.url}/api/flows/${testFlowDocument().id}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' },
    body: body,
  });

describe('recorded prompts', () => {
  it("stores an uploaded WAV and serves it to the designer's users (to anyone once a published version plays it)", async () => {
    const wav = toneWav();
    const response = await upload('fon/welcome.wav', wav);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'fon/welcome.wav', bytes: wav.length, url: `/audio/${testFlowDocument().id}/fon/welcome.wav` });
    expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/welcome.wav`)).status).toBe(404);
    const served = await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/welcome.wav`, { headers: SIGNED_IN });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/audio\/(x-)?wav/);
    expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
    const list = await server.admin.get(`/api/flows/${testFlowDocument().id}/audio`);
    expect(list.body).toEqual([{ name: 'fon/welcome.wav', bytes: wav.length, url: `/audio/${testFlowDocument().id}/fon/welcome.wav` }]);
    const audit = await server.admin.get(`/api/audit?target=flow:${testFlowDocument().id}`);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('audio.upload');
  });

  it('stores the same file whether its length is declared, it comes in chunks without one, or compressed; a body cut short stores nothing', async () => {
    const wav = toneWav(1.5);
    const url = (name: string) => `${server.url}/api/flows/${testFlowDocument().id}/audio?name=${encodeURIComponent(name)}`;
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < wav.length; at += 1000) controller.enqueue(wav.subarray(at, at + 1000));
        controller.close();
      },
    });
    const sent = [
      ['fon/declared.wav', await upload('fon/declared.wav', wav)],
      ['fon/chunked.wav', await fetch(url('fon/chunked.wav'), { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav' }, body: chunked, duplex: 'half' } as RequestInit)],
      ['fon/gzipped.wav', await fetch(url('fon/gzipped.wav'), { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav', 'content-encoding': 'gzip' }, body: gzipSync(wav) })],
    ] as const;
    for (const [name, response] of sent) {
      expect({ name, status: response.status }).toEqual({ name, status: 201 });
      const served = await fetch(`${server.url}/audio/${testFlowDocument().id}/${name}`, { headers: SIGNED_IN });
      expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      // The ETag is the file's SHA-256 however it came (hashed as it arrived when its length was declared).
      expect(served.headers.get('etag')).toBe(`"${createHash('sha256').update(wav).digest('hex')}"`);
    }
    // A declared length the connection never brings: nothing stored, the server goes on serving.
    await new Promise<void>((resolve) => {
      const request = httpRequest(url('fon/cut.wav'), { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav', 'content-length': String(wav.length) } });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.write(wav.subarray(0, 1000), () => setTimeout(() => request.destroy(), 50));
    });
    expect((await fetch(`${server.url}/audio/${testFlowDocument().id}/fon/cut.wav`, { headers: SIGNED_IN })).status).toBe(404);
    expect((await upload('fon/after.wav', wav)).status).toBe(201);
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

  it("answers an anonymous caller and a viewer at once, without waiting for an upload's body they may not send", async () => {
    const password = 'correct horse battery';
    expect((await server.admin.post('/api/users', { username: 'vic', password, roles: ['viewer'] })).status).toBe(201);
    const login = await server.anonymous.post('/api/auth/login', { username: 'vic', password });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // 10 MiB declared, not a byte sent: the guard's answer comes at once (the body was read, 10 MiB set aside, before it).
    const answerWithoutBody = (headers: Record<string, string>) =>
      new Promise<number | string>((resolve) => {
        const request = httpRequest(`${server.url}/api/flows/${testFlowDocument().id}/audio?name=fon/x.wav`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'audio/wav', 'content-length': String(10 * 1024 * 1024) },
        });
        const timer = setTimeout(() => {
          request.destroy();
          resolve('no answer within 3 s');
        }, 3000);
        request.on('response', (response) => {
          clearTimeout(timer);
          response.resume();
          request.destroy();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', () => undefined);
        request.flushHeaders();
      });
    expect(await answerWithoutBody({})).toBe(401);
    expect(await answerWithoutBody({ cookie, origin: server.url })).toBe(403);
  });

  it("holds no more memory for an editor's upload than what has arrived of it (a declared 10 MiB that never comes)", async () => {
    const declared = 10 * 1024 * 1024;
    const requests: ReturnType<typeof httpRequest>[] = [];
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 8; i += 1) {
      const request = httpRequest(`${server.url}/api/flows/${testFlowDocument().id}/audio?name=fon/slow-${i}.wav`, {
        method: 'POST',
        headers: { ...SIGNED_IN, 'content-type': 'audio/wav', 'content-length': String(declared) },
      });
      request.on('error', () => undefined);
      request.write(Buffer.alloc(1024));
      requests.push(request);
    }
    try {
      // The server has read each one's headers and first KiB.
      await new Promise((resolve) => setTimeout(resolve, 750));
      const held = process.memoryUsage().arrayBuffers - before;
      // 8 × 10 MiB set aside at the headers before; 8 × 256 KiB now.
      expect(held).toBeLessThan(24 * 1024 * 1024);
    } finally {
      for (const request of requests) request.destroy();
    }
    expect((await upload('fon/after-slow.wav', toneWav(1.5))).status).toBe(201);
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

describe('serving prompts to jambonz and players', () => {
  const path = `${testFlowDocument().id}/fr/long.wav`;
  /** As the designer's player fetches a draft's take (jambonz fetches published ones the same way, without the session). */
  const play = (init: { method?: string; headers?: Record<string, string> } = {}) => fetch(`${server.url}/audio/${path}`, { ...init, headers: { ...SIGNED_IN, ...init.headers } });
  let wav: Buffer;
  beforeAll(async () => {
    wav = Buffer.from(toneWav());
    expect((await upload('fr/long.wav', wav)).status).toBe(201);
  });

  it('answers a byte range with 206 and exactly those bytes, and says it takes ranges', async () => {
    const whole = await play();
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(wav.length));
    const part = await play({ headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${wav.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(100, 200))).toBe(true);
    // An open range runs to the end; a suffix range is the last bytes.
    const tail = await play({ headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(wav.subarray(wav.length - 10))).toBe(true);
    const from = await play({ headers: { range: `bytes=${wav.length - 5}-` } });
    expect(Buffer.from(await from.arrayBuffer()).equals(wav.subarray(wav.length - 5))).toBe(true);
  });

  it('refuses a range past the end with 416, and serves the whole file for a range of an older version', async () => {
    const beyond = await play({ headers: { range: `bytes=${wav.length + 10}-${wav.length + 20}` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${wav.length}`);
    const stale = await play({ headers: { range: 'bytes=0-9', 'if-range': '"an-older-version"' } });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).equals(wav)).toBe(true);
  });

  it('lets a platform that cached a prompt keep it until it changes (ETag, 304), and answers HEAD without the body', async () => {
    const first = await play();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    // (fetch adds `cache-control: no-cache` to a conditional request unless one is given; jambonz sends none.)
    const revalidate = { 'if-none-match': etag, 'cache-control': 'max-age=0' };
    expect((await play({ headers: revalidate })).status).toBe(304);
    const head = await play({ method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(wav.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const louder = Buffer.from(toneWav());
    louder[louder.length - 1] = (louder[louder.length - 1]! + 1) % 256;
    expect((await upload('fr/long.wav', louder)).status).toBe(201);
    const changed = await play({ headers: revalidate });
    expect(changed.status).toBe(200);
    expect(Buffer.from(await changed.arrayBuffer()).equals(louder)).toBe(true);
  });

  it('answers 404 to a path that cannot name a prompt', async () => {
    for (const path of ['/audio/..%2F..%2Fetc/passwd.wav', `/audio/${testFlowDocument().id}/fr/long.txt`, '/audio/1bad/x.wav', `/audio/${testFlowDocument().id}`]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('prompts an older Griot kept in DATA_DIR/audio', () => {
  it('are moved into the store at start, once, and served from it; the folder is set aside', async () => {
    const dataDir = await makeDataDir();
    const wav = Buffer.from(toneWav());
    await mkdir(join(dataDir, 'audio', 'legacy', 'fon'), { recursive: true });
    await writeFile(join(dataDir, 'audio', 'legacy', 'fon', 'menu.wav'), wav);
    await writeFile(join(dataDir, 'audio', 'legacy', 'notes.txt'), 'not a prompt');
    try {
      const first = await startTestServer({ dataDir });
      try {
        const served = await fetch(`${first.url}/audio/legacy/fon/menu.wav`, { headers: SIGNED_IN });
        expect(served.status).toBe(200);
        expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      } finally {
        await first.stop({ keepData: true });
      }
      const left = await readdir(dataDir);
      expect(left).not.toContain('audio');
      const setAside = left.find((name) => name.startsWith('audio.imported-'));
      expect(setAside).toBeDefined();
      // The stray file stays with the set-aside folder, for the operator.
      expect(await readdir(join(dataDir, setAside!, 'legacy'))).toEqual(expect.arrayContaining(['notes.txt']));
      // A second start does not read it again: a prompt deleted meanwhile stays deleted.
      const second = await startTestServer({ dataDir });
      try {
        await second.store.audio.deleteAudio('legacy', 'fon/menu.wav');
        await second.stop({ keepData: true });
        const third = await startTestServer({ dataDir });
        expect((await fetch(`${third.url}/audio/legacy/fon/menu.wav`, { headers: SIGNED_IN })).status).toBe(404);
        await third.stop({ keepData: true });
      } catch (error) {
        await second.stop({ keepData: true }).catch(() => undefined);
        throw error;
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
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

describe('prompts moved into the store from DATA_DIR/audio, and the quotas', () => {
  it('keeps what fits within GRIOT_AUDIO_MAX_MB_PER_FLOW and leaves the rest in the set-aside folder', async () => {
    const dataDir = await makeDataDir();
    // 44 s of 8 kHz 16-bit mono: about 700 KB; one fits in 1 MiB, not two.
    const take = Buffer.from(toneWav(44));
    await mkdir(join(dataDir, 'audio', 'legacy', 'fon'), { recursive: true });
    await writeFile(join(dataDir, 'audio', 'legacy', 'fon', 'menu.wav'), take);
    await writeFile(join(dataDir, 'audio', 'legacy', 'fon', 'goodbye.wav'), take);
    try {
      const moved = await startTestServer({ dataDir, env: { GRIOT_AUDIO_MAX_MB_PER_FLOW: '1' } });
      let kept: Array<{ name: string; bytes: number }>;
      try {
        kept = await moved.store.audio.listAudio('legacy');
      } finally {
        await moved.stop({ keepData: true });
      }
      expect(kept).toHaveLength(1);
      expect(kept.reduce((sum, a) => sum + a.bytes, 0)).toBeLessThanOrEqual(1024 * 1024);
      const setAside = (await readdir(dataDir)).find((name) => name.startsWith('audio.imported-'));
      // The one left out is still there, for the operator to bring in once there is room.
      expect(await readdir(join(dataDir, setAside!, 'legacy', 'fon'))).toHaveLength(2);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
