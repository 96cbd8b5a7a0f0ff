import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import type { AudioStore } from '../src/store/types.ts';

const FLOW = 'partsflow';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  expect((await server.admin.post('/api/flows', { document: testFlow({ id: FLOW }) })).status).toBe(201);
});
afterAll(() => server.stop());

const SIGNED_IN = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * A new recording of 10 MiB uploaded while calls go on (real HTTP, real SQLite): the bytes are
 * stored in parts (migration 36), so a call's turn write commits between two parts instead of
 * waiting for the whole file (100–750 ms before, bench/README.md upload28).
 */
describe('a new recording stored while calls write', () => {
  it("commits a call's write before the upload's bytes are all stored, and serves the file byte for byte", { timeout: 60_000 }, async () => {
    // 600 s of 8 kHz 16-bit mono: 9.6 MB, under the 10 MiB limit.
    const wav = toneWav(600);
    const audio = server.store.audio as { putAudio: AudioStore['putAudio'] };
    const original = audio.putAudio;
    let put = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };
    audio.putAudio = async (...args) => {
      put = { from: performance.now(), to: Number.POSITIVE_INFINITY };
      try {
        return await original(...args);
      } finally {
        put.to = performance.now();
      }
    };
    // A call's turn write (through the same group commit), one after the other for the upload's time.
    const writes: Array<{ from: number; to: number }> = [];
    let calling = true;
    const call = (async () => {
      while (calling) {
        const from = performance.now();
        await server.store.writeHeartbeat('call', new Date().toISOString());
        writes.push({ from, to: performance.now() });
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const answer = await fetch(`${server.url}/api/flows/${FLOW}/audio?name=fon/long.wav`, { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav' }, body: wav });
      expect(answer.status).toBe(201);
    } finally {
      calling = false;
      await call;
      audio.putAudio = original;
    }
    const storing = put.to - put.from;
    const during = writes.filter((w) => w.from >= put.from && w.from < put.to);
    // Writes began while the bytes were being stored, and committed before they all were.
    expect(during.filter((w) => w.to < put.to).length).toBeGreaterThan(0);
    // None waited for the whole file (before: one of them waited about as long as the store's write itself).
    const slowest = Math.max(...during.map((w) => w.to - w.from));
    expect(slowest, `slowest call write ${slowest.toFixed(1)} ms while the file took ${storing.toFixed(1)} ms to store`).toBeLessThan(storing / 3);

    const served = await fetch(`${server.url}/audio/${FLOW}/fon/long.wav`, { headers: SIGNED_IN });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
    // A range across two parts (256 KiB each): the bytes asked, 206.
    const [start, end] = [256 * 1024 - 10, 256 * 1024 + 9];
    const part = await fetch(`${server.url}/audio/${FLOW}/fon/long.wav`, { headers: { ...SIGNED_IN, range: `bytes=${start}-${end}` } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(start, end + 1))).toBe(true);
  });
});

/**
 * A recording served to a player that reads slowly, then goes away (real HTTP, real SQLite): the
 * server reads the stored parts (256 KiB) as the socket takes them, not the file at once, and
 * reads none once the player is gone.
 */
describe('a recording streamed to a slow player', () => {
  it('reads the parts as the socket takes them, and no part once the player has gone', { timeout: 60_000 }, async () => {
    // 600 s of 8 kHz 16-bit mono: 9.6 MB, 37 parts.
    const wav = toneWav(600);
    const totalParts = Math.ceil(wav.length / (256 * 1024));
    const uploaded = await fetch(`${server.url}/api/flows/${FLOW}/audio?name=fon/slow.wav`, { method: 'POST', headers: { ...SIGNED_IN, 'content-type': 'audio/wav' }, body: wav });
    expect(uploaded.status).toBe(201);
    // The parts the server read from the store for the answer (a whole read counts all those its bytes cover).
    const audio = server.store.audio as Partial<AudioStore>;
    const original = { read: audio.readAudio, open: audio.openAudio };
    let partsRead = 0;
    audio.readAudio = async (...args) => {
      const found = await original.read!(...args);
      partsRead += Math.ceil((found?.content.length ?? 0) / (256 * 1024));
      return found;
    };
    if (original.open) {
      audio.openAudio = async (...args) => {
        const opened = await original.open!(...args);
        if (!opened) return opened;
        const parts = opened.parts;
        return {
          ...opened,
          parts: (async function* () {
            for await (const part of parts) {
              partsRead += 1;
              yield part;
            }
          })(),
        };
      };
    }
    try {
      let received = 0;
      const req = request(`${server.url}/audio/${FLOW}/fon/slow.wav`, { headers: SIGNED_IN });
      const answer = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
        req.once('response', resolve).once('error', reject).end();
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-length']).toBe(String(wav.length));
      // The player takes one small read, then nothing for a while.
      answer.once('data', (chunk: Buffer) => {
        received += chunk.length;
        answer.pause();
      });
      await sleep(800);
      const whilePaused = partsRead;
      // What the sockets' buffers take, in the kernel, not the process (about 4 MiB here, tcp_wmem's
      // largest: 16 of the 37 parts): not the file (all 37 read at once before).
      expect(whilePaused, `${whilePaused} of ${totalParts} parts read while the player waited (${received} bytes received)`).toBeLessThan(totalParts - 10);
      req.destroy();
      await sleep(500);
      // Gone: no part read after the socket closed.
      expect(partsRead).toBe(whilePaused);
    } finally {
      audio.readAudio = original.read;
      if (original.open) audio.openAudio = original.open;
    }
  });
});
