import { createHash } from 'node:crypto';
import { request, type IncomingMessage, type Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudioLibrary } from '../src/audio/audioLibrary.ts';
import { serveAudio } from '../src/api/serveAudio.ts';
import { errorMiddleware } from '../src/api/errorMiddleware.ts';
import type { AudioReading, StoredAudio } from '../src/store/types.ts';

/**
 * GET /audio/... when the store's answer changes under it (stream30 reviewed, rec31): a file
 * replaced between its description and its opening, its bytes failing mid-way or before the
 * first. Real HTTP on loopback, the route over a library whose store is scripted.
 */
const PART = 256 * 1024;
const bytesOf = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + seed) % 256));
const describe_ = (content: Buffer, contentType = 'audio/wav'): StoredAudio => ({
  flowId: 'cutflow',
  name: 'fon/welcome.wav',
  contentType,
  bytes: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
  uploadedAt: '2026-12-07T10:00:00.000Z',
});

/** The parts of `content`, failing with `failAt` (a part's index) when given. */
async function* partsOf(content: Buffer, failAt?: number): AsyncGenerator<Buffer> {
  for (let seq = 0; seq * PART < content.length; seq += 1) {
    if (seq === failAt) throw new Error(`part ${seq} went while it was read`);
    yield content.subarray(seq * PART, (seq + 1) * PART);
  }
}

interface Scripted {
  info: () => StoredAudio | null;
  open: () => AudioReading | null;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(script: Scripted): Promise<{ url: string; warnings: Array<Record<string, unknown>> }> {
  const warnings: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line) as Record<string, unknown>) });
  const library = {
    info: async () => script.info(),
    isFrozen: async () => true,
    isNamedByAVersion: async () => true,
    open: async () => script.open(),
  } as unknown as AudioLibrary;
  const app = express();
  app.get(
    '/audio/:flowId/*name',
    serveAudio(library, async () => true, logger),
  );
  app.use(errorMiddleware(logger));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/audio/cutflow/fon/welcome.wav`, warnings };
}

/** The answer's head and every byte that came before the connection ended, and whether it ended cleanly. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ answer?: IncomingMessage; body: Buffer; whole: boolean; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = request(url, { headers });
    req.once('error', (error) => resolve({ body: Buffer.concat(chunks), whole: false, error: error.message }));
    req.once('response', (answer) => {
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.once('end', () => resolve({ answer, body: Buffer.concat(chunks), whole: true }));
      answer.once('aborted', () => resolve({ answer, body: Buffer.concat(chunks), whole: false }));
      answer.once('error', () => resolve({ answer, body: Buffer.concat(chunks), whole: false }));
    });
    req.end();
  });
}

describe('a recorded prompt whose store changes while it is served', () => {
  it('sends a file replaced between its description and its opening under the new file’s ETag and type, not the old one’s', async () => {
    const old = bytesOf(300_000, 1);
    const replaced = bytesOf(200_000, 2);
    const { url } = await serve({
      info: () => describe_(old),
      open: () => ({ audio: describe_(replaced, 'audio/mpeg'), start: 0, length: replaced.length, parts: partsOf(replaced) }),
    });
    const { answer, body, whole } = await get(url);
    expect(answer?.statusCode).toBe(200);
    expect(whole).toBe(true);
    expect(body.equals(replaced)).toBe(true);
    // A cache keeping these bytes under the old ETag would answer 304 for the old file with the new one's bytes.
    expect(answer?.headers.etag).toBe(`"${describe_(replaced).sha256}"`);
    expect(answer?.headers['content-type']).toBe('audio/mpeg');
    expect(answer?.headers['content-length']).toBe(String(replaced.length));
  });

  it('cuts the answer short of its length when the bytes fail mid-way, and logs it with what was sent', async () => {
    const content = bytesOf(1_000_000, 3);
    const { url, warnings } = await serve({
      info: () => describe_(content),
      open: () => ({ audio: describe_(content), start: 0, length: content.length, parts: partsOf(content, 2) }),
    });
    const { answer, body, whole } = await get(url);
    expect(answer?.statusCode).toBe(200);
    expect(answer?.headers['content-length']).toBe(String(content.length));
    // Cut, not ended nor padded: the bytes before the failure, exactly.
    expect(whole).toBe(false);
    expect(body.length).toBeLessThanOrEqual(2 * PART);
    expect(body.equals(content.subarray(0, body.length))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cut = warnings.find((w) => String(w.msg).includes('cut short'));
    expect(cut, JSON.stringify(warnings)).toMatchObject({ flowId: 'cutflow', name: 'fon/welcome.wav', sent: 2 * PART, length: content.length, error: 'part 2 went while it was read' });
  });

  it('answers 404 when the file went between its opening and its first part, not a connection closed without an answer', async () => {
    const content = bytesOf(600_000, 4);
    let described: StoredAudio | null = describe_(content);
    const { url, warnings } = await serve({
      info: () => described,
      open: () => {
        // Deleted (and its parts swept) right after the open.
        described = null;
        return { audio: describe_(content), start: 0, length: content.length, parts: partsOf(content, 0) };
      },
    });
    const { answer, error } = await get(url);
    expect(error).toBeUndefined();
    expect(answer?.statusCode).toBe(404);
    expect(warnings.filter((w) => String(w.msg).includes('cut short'))).toEqual([]);
  });

  it('answers an error before the first byte without the file’s headers: no ETag, no shared caching, not as audio (rev31a)', async () => {
    const content = bytesOf(600_000, 6);
    let described: StoredAudio | null = describe_(content);
    const { url } = await serve({
      info: () => described,
      // The first part fails: the file deleted meanwhile (404) or, while it is still there, the store failing (500).
      open: () => ({ audio: describe_(content), start: 0, length: content.length, parts: partsOf(content, 0) }),
    });
    const failed = await get(url, { range: 'bytes=10-20' });
    described = null;
    const gone = await get(url);
    for (const [{ answer }, status] of [
      [failed, 500],
      [gone, 404],
    ] as const) {
      expect(answer?.statusCode).toBe(status);
      // A published prompt's answer is `public, max-age=300`: a cache in front of the voice platform would have kept the error five minutes, under the file's ETag.
      expect(answer?.headers['cache-control']).toBeUndefined();
      // (express tags a JSON body with its own weak ETag: not the file's.)
      expect(answer?.headers.etag ?? '').not.toContain(describe_(content).sha256);
      expect(answer?.headers['last-modified']).toBeUndefined();
      expect(answer?.headers['content-range']).toBeUndefined();
      expect(answer?.headers['content-disposition']).toBeUndefined();
      expect(answer?.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('logs nothing when the client goes away mid-answer (players drop connections when they seek)', async () => {
    const content = bytesOf(4_000_000, 5);
    const { url, warnings } = await serve({
      info: () => describe_(content),
      open: () => ({ audio: describe_(content), start: 0, length: content.length, parts: partsOf(content) }),
    });
    await new Promise<void>((resolve) => {
      const req = request(url);
      req.once('response', (answer) => {
        answer.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.once('error', () => resolve());
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warnings.filter((w) => String(w.msg).includes('cut short'))).toEqual([]);
  });
});
